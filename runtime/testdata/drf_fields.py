import django, json, datetime, decimal, uuid
from django.conf import settings
settings.configure(USE_TZ=True, TIME_ZONE='UTC', INSTALLED_APPS=['rest_framework'])
django.setup()
from rest_framework import serializers as s
from rest_framework.exceptions import ValidationError
def run(name, field, raw):
    data = json.loads(raw)
    try:
        v = field.run_validation(data)
        out = 'OK ' + json.dumps(field.to_representation(v) if v is not None else None, ensure_ascii=False)
    except ValidationError as e:
        out = 'ERR ' + json.dumps([str(x) for x in e.detail], ensure_ascii=False)
    print(f'{name}\t{raw}\t{out}')
F = {
 'char': s.CharField(max_length=5, min_length=2),
 'char_blank': s.CharField(allow_blank=True),
 'char_notrim': s.CharField(trim_whitespace=False),
 'int': s.IntegerField(max_value=10, min_value=-3),
 'float': s.FloatField(max_value=2.5),
 'dec': s.DecimalField(max_digits=5, decimal_places=2),
 'dec_null': s.DecimalField(max_digits=5, decimal_places=2, allow_null=True),
 'bool': s.BooleanField(),
 'bool_null': s.BooleanField(allow_null=True),
 'dt': s.DateTimeField(),
 'date': s.DateField(),
 'time': s.TimeField(),
 'dur': s.DurationField(),
 'email': s.EmailField(),
 'url': s.URLField(),
 'slug': s.SlugField(),
 'uuid': s.UUIDField(),
 'choice': s.ChoiceField(choices=[(1,'one'),('b','bee')]),
}
cases = {
 'char': ['"abc"', '"  ab  "', '5', '1.5', '1e16', 'true', '[1]', '{}', '""', '"   "', 'null', '"abcdef"', '"a"', '"a\\u0000b"', '"\\u001fab\\u001f"'],
 'char_blank': ['""', '"  "'],
 'char_notrim': ['" a "'],
 'int': ['5', '"5"', '1.0', '"1.0"', '" 7 "', '"+3"', '"1_0"', 'true', '1.5', '"1e3"', '11', '-4', '"1.00  "', '"abc"', '[1]', '"1.0.0"', '1e2', '"' + '1'*1001 + '"'],
 'float': ['1.5', '"1.5"', '3', '"nan"', '"inf"', 'true', '"1e0"', '"x"', '"1_0.5"', '[]'],
 'dec': ['"1.5"', '1.5', '"123.45"', '"1234.5"', '"1.234"', '"123456"', '"0.001"', '"abc"', '"NaN"', '"Inf"', '"-0"', '"  2  "', '3', '"1e2"', '"1e3"', 'true', '"1_0"', '"."', '"5."', '".5"', '""', 'null'],
 'dec_null': ['""', '"  "', 'null'],
 'bool': ['true', '"t"', '"YES"', '"On"', '"1"', '1', '1.0', 'false', '"f"', '"No"', '"off"', '"0"', '0', '0.0', '2', '"null"', '""', 'null', '[]', '"2"'],
 'bool_null': ['"null"', '""', 'null', '"NULL"'],
 'dt': ['"2024-01-02T03:04:05Z"', '"2024-01-02T03:04:05+02:00"', '"2024-01-02T03:04:05"', '"2024-01-02 03:04:05.123"', '"2024-01-02"', '"2024-1-2T3:4"', '"2024-01-02T03"', '"2024-01-02T03:04:05.1234567Z"', '"2024-01-02T03:04:05 +0200"', '"2024-01-02T25:00"', '"9999-12-31T23:59:59-01:00"', '"0001-01-01T00:00:00+01:00"', '"nope"', '5', '"2024-01-02T03:04:05,5Z"', '"2026-11-28T04:31:01.605770Z"', '"2024-01-02T03:04:05.000000Z"', '"2024-01-02T03:04:05+05"'],
 'date': ['"2024-01-02"', '"2024-1-2"', '"2024-01-02T00:00"', '"2024-02-30"', '5', '"20240102"'],
 'time': ['"10:11"', '"10:11:12.5"', '"1:2:3"', '"25:00"', '"10:11:12+02:00"', '"10"'],
 'dur': ['"3600"', '3600', '"1 02:03:04"', '"-1 02:03:04.5"', '"02:03"', '"1 day, 10:00:00"', '"P1DT2H"', '"-PT1M"', '"x"', '"-00:00:01"', '1.5'],
 'email': ['"a@b.co"', '"a@localhost"', '"a@b"', '"a.b@c-d.example.org"', '"a@[127.0.0.1]"', '"a@[::1]"', '"a b@c.com"', '"\\"a b\\"@c.com"', '"a@-b.com"', '"a@b.c"', '"a@xn--80ak6aa92e.com"', '"@b.com"', '"a@b..com"', '"ü@b.com"', '"a@bü.com"'],
 'url': ['"http://example.com"', '"https://example.com/a?b=c#d"', '"ftp://1.2.3.4:21/x"', '"http://[::1]:8000/"', '"http://[::zz]/"', '"http://localhost"', '"example.com"', '"mailto:a@b.c"', '"http://a"', '"http://user:pw@example.com"', '"http://exa mple.com"', '"http://-a.com"', '"http://256.1.1.1"', '"HTTP://EXAMPLE.COM"', '"http://example.com."'],
 'slug': ['"a-b_c1"', '"a b"', '"é"'],
 'uuid': ['"12345678-1234-5678-1234-567812345678"', '"12345678123456781234567812345678"', '"{12345678-1234-5678-1234-567812345678}"', '"urn:uuid:12345678-1234-5678-1234-567812345678"', '"1-2345678123456781234567812345678"', '5', '"xyz"', 'true'],
 'choice': ['1', '"1"', '"b"', '"zz"', '""', 'true', '[1, "a"]', '{"a": 1}', '1.0', '2.5'],
}
for name, raws in cases.items():
    for raw in raws:
        run(name, F[name], raw)
