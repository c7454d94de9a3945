#!/usr/bin/env python3
"""Writes a synthetic restforge spec with N models, for measuring how generation time grows.

Each model has eight fields of mixed types and a foreign key to the previous model, a
serializer, a viewset with filters and search, and a router registration.

    python3 bench/synthetic_spec.py 100 > /tmp/spec100/api.yaml
"""
import sys


def main() -> None:
    count = int(sys.argv[1])
    out = ["project: synthetic_api", "app: synth", "", "models:"]
    for i in range(count):
        out += [
            f"  Item{i}:",
            "    display: name",
            "    fields:",
            "      name: {type: char, max_length: 80}",
            "      slug: {type: slug, unique: true}",
            "      body: {type: text, blank: true}",
            "      count: {type: integer, default: 0}",
            "      price: {type: decimal, max_digits: 8, decimal_places: 2}",
            "      active: {type: boolean, default: true}",
            "      created: {type: datetime, auto_now_add: true}",
        ]
        if i > 0:
            out.append(f"      parent: {{type: foreign_key, to: Item{i - 1}, on_delete: cascade, null: true, blank: true}}")
    out += ["", "serializers:"]
    for i in range(count):
        out += [f"  Item{i}Serializer:", f"    model: Item{i}", "    fields: __all__"]
    out += ["", "viewsets:"]
    for i in range(count):
        out += [
            f"  Item{i}ViewSet:",
            f"    serializer: Item{i}Serializer",
            "    search_fields: [name, body]",
            "    filters: {slug: slug}",
        ]
    out += ["", "routes:", "  register:"]
    for i in range(count):
        out += [f"    - prefix: items{i}", f"      viewset: Item{i}ViewSet"]
    print("\n".join(out))


if __name__ == "__main__":
    main()
