"""The bookshop example (examples/bookshop), request by request: every endpoint and method, the
validation messages of every field type a Book has, unique and unique-together errors,
IsAuthenticatedOrReadOnly with Token and Basic authentication, limit/offset pagination and its
edges, the exact filters, search, ordering, OPTIONS, HEAD, 404/405/406/415, uploads, and a
delete that on_delete=PROTECT refuses."""

import struct
import zlib

USERS = [
    {"username": "alice", "email": "alice@example.com", "password": "correct-horse-1"},
]

# Tags are read-only in the API: the rows a shop would have made in its admin.
FIXTURE_SQL = [
    "INSERT INTO catalog_tag (id, slug, label) VALUES (1, 'sea', 'Sea stories')",
    "INSERT INTO catalog_tag (id, slug, label) VALUES (2, 'classic', 'Classics')",
    "INSERT INTO catalog_tag (id, slug, label) VALUES (3, 'award', 'Award winners')",
]


def png():
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff")) + chunk(b"IEND", b""))


def run(api):
    alice = api.token("alice")
    basic = api.basic("alice", "correct-horse-1")

    # -- root, anonymous reads, 401s -------------------------------------------------------------
    api.get("/api/", name="root")
    api.options("/api/", name="root, OPTIONS")
    api.get("/api/books/", name="no books")
    api.get("/api/tags/", name="tags")
    api.get("/api/tags/1/", name="a tag")
    api.get("/api/tags/?limit=2", name="tags, limit 2")
    api.post("/api/tags/", headers=alice, json={"slug": "x", "label": "X"}, name="tags are read-only")
    api.options("/api/tags/", name="tags, OPTIONS")
    api.post("/api/publishers/", json={"name": "Anon"}, name="create, anonymous")
    api.post("/api/publishers/", headers={"Authorization": "Basic bm9wZTpub3Bl"},
             json={"name": "Anon"}, name="wrong basic credentials")
    api.post("/api/publishers/", headers={"Authorization": "Basic !!"}, json={"name": "Anon"},
             name="malformed basic credentials")
    api.post("/api/publishers/", headers={"Authorization": "Token nope"}, json={"name": "Anon"},
             name="wrong token")
    api.get("/api/books/", headers={"Authorization": "Token nope"}, name="read with a wrong token")
    api.options("/api/books/", name="books, OPTIONS anonymous")
    api.options("/api/books/", headers=alice, name="books, OPTIONS")

    # -- publishers ------------------------------------------------------------------------------
    pubs = {}
    for name, website in [("Penguin", "https://penguin.example"), ("Faber", ""),
                          ("Vintage", "http://vintage.example/books")]:
        r = api.post("/api/publishers/", headers=basic, json={"name": name, "website": website},
                     name=f"create publisher {name}")
        pubs[name] = r.json()["id"]
    api.post("/api/publishers/", headers=alice, json={"name": "Penguin"}, name="publisher name taken")
    api.post("/api/publishers/", headers=alice, json={"name": "Odd", "website": "not a url"},
             name="invalid website")
    api.post("/api/publishers/", headers=alice, json={"name": "Odd", "founded": "1935-13-01"},
             name="invalid date")
    api.post("/api/publishers/", headers=alice, json={"name": "Odd", "founded": "1935-07-30T00:00"},
             name="a datetime for a date")
    api.post("/api/publishers/", headers=alice, json={"name": "x" * 101}, name="name too long")
    api.post("/api/publishers/", headers=alice, json={"name": ""}, name="blank name")
    api.post("/api/publishers/", headers=alice, json={}, name="publisher without a name")
    api.patch(f"/api/publishers/{pubs['Faber']}/", headers=alice, json={"founded": "1929-01-01"},
              name="patch publisher")
    api.get("/api/publishers/", name="publishers, ordered by name")
    api.get("/api/publishers/?search=PEN", name="publisher search")
    api.get(f"/api/publishers/{pubs['Vintage']}/", name="a publisher")
    api.options(f"/api/publishers/{pubs['Vintage']}/", headers=alice, name="a publisher, OPTIONS")

    # -- authors ---------------------------------------------------------------------------------
    authors = {}
    for first, last, email in [("Herman", "Melville", "hm@example.com"),
                               ("Virginia", "Woolf", "vw@example.com"),
                               ("Ursula", "Le Guin", "ulg@example.com"),
                               ("Leonard", "Woolf", "lw@example.com")]:
        r = api.post("/api/authors/", headers=alice,
                     json={"first_name": first, "last_name": last, "email": email},
                     name=f"create author {last}")
        authors[first] = r.json()["id"]
    api.post("/api/authors/", headers=alice,
             json={"first_name": "A", "last_name": "B", "email": "hm@example.com"},
             name="author email taken")
    api.post("/api/authors/", headers=alice,
             json={"first_name": "A", "last_name": "B", "email": "nope"}, name="invalid email")
    api.post("/api/authors/", headers=alice, json={"bio": 5}, name="author missing fields")
    api.post("/api/authors/", headers=alice,
             json={"first_name": "A\ud800", "last_name": "B", "email": "a\udc00@example.com"},
             name="lone surrogates in a name and an e-mail")
    api.get("/api/authors/", name="authors, model ordering")
    api.get("/api/authors/?ordering=first_name", name="ordering by first name")
    api.get("/api/authors/?ordering=-last_name,first_name", name="ordering by two fields")
    api.get("/api/authors/?ordering=email", name="ordering by a field not allowed")
    api.get("/api/authors/?ordering=", name="empty ordering")
    api.get("/api/authors/?search=woolf", name="author search")
    api.get("/api/authors/?search=vir%20woolf", name="author search, two terms")
    api.options("/api/authors/", headers=alice, name="authors, OPTIONS")

    # -- books: every field type -----------------------------------------------------------------
    good = {
        "title": "Moby-Dick",
        "author": authors["Herman"],
        "publisher": pubs["Penguin"],
        "genre": "FI",
        "price": "12.50",
        "pages": 635,
        "weight_grams": 700,
        "rating": 4.5,
        "in_stock": True,
        "published_on": "1851-10-18",
        "reading_time": "12:30:00",
        "opens_at": "09:15",
        "metadata": {"edition": 1, "tags": ["whale"]},
        "tags": [1, 2],
    }
    r = api.post("/api/books/", headers=alice, json=good, name="create a book")
    moby = r.json()["id"]
    books = [
        {"title": "Mrs Dalloway", "author": authors["Virginia"], "price": "9.99", "pages": 194,
         "published_on": "1925-05-14", "genre": "FI", "tags": [2]},
        {"title": "The Dispossessed", "author": authors["Ursula"], "price": "14", "pages": 387,
         "published_on": "1974-05-01", "genre": "SF", "publisher": pubs["Vintage"], "tags": [3, 1]},
        {"title": "Orlando", "author": authors["Virginia"], "price": "11.25", "pages": 333,
         "published_on": "1928-10-11", "publisher": None, "in_stock": False},
        {"title": "A Room of One's Own", "author": authors["Virginia"], "price": "7.5",
         "pages": 172, "published_on": "1929-10-24", "genre": "NF", "rating": 5},
    ]
    for i, book in enumerate(books):
        api.post("/api/books/", headers=alice, json=book, name=f"create book {i}")
    for i in range(8):
        api.post("/api/books/", headers=alice,
                 json={"title": f"Essay {i:02}", "author": authors["Leonard"], "price": f"{i}.10",
                       "pages": 10 + i, "published_on": f"19{30 + i}-01-01", "genre": "NF"},
                 name=f"create essay {i}")

    invalid = [
        ("title too short", {"title": "M"}),
        ("title too long", {"title": "x" * 201}),
        ("title null", {"title": None}),
        ("title a list", {"title": ["a"]}),
        ("unknown author", {"author": 999}),
        ("author of the wrong type", {"author": "Melville"}),
        ("author a boolean", {"author": True}),
        ("author null", {"author": None}),
        ("unknown publisher", {"publisher": 999}),
        ("invalid genre", {"genre": "XX"}),
        ("genre blank", {"genre": ""}),
        ("price not a number", {"price": "cheap"}),
        ("price too many digits", {"price": "1234567.00"}),
        ("price too many decimals", {"price": "1.234"}),
        ("price too many whole digits", {"price": "1234567"}),
        ("price NaN", {"price": "NaN"}),
        ("price Infinity", {"price": "Infinity"}),
        ("price a float", {"price": 9.995}),
        ("pages zero", {"pages": 0}),
        ("pages negative", {"pages": -3}),
        ("pages a float", {"pages": 1.5}),
        ("pages a string", {"pages": "ten"}),
        ("pages huge", {"pages": 10 ** 20}),
        ("weight too heavy", {"weight_grams": 40000}),
        ("rating not a number", {"rating": "good"}),
        ("rating NaN", {"rating": "nan"}),
        ("in_stock not a boolean", {"in_stock": "maybe"}),
        ("in_stock a number", {"in_stock": 2}),
        ("date in the wrong format", {"published_on": "18/10/1851"}),
        ("date out of range", {"published_on": "1851-02-30"}),
        ("reading time wrong", {"reading_time": "a while"}),
        ("opens_at wrong", {"opens_at": "25:00"}),
        ("tags not a list", {"tags": 1}),
        ("unknown tag", {"tags": [1, 99]}),
        ("a tag of the wrong type", {"tags": ["sea"]}),
        ("tags null", {"tags": None}),
        ("same title and author", {}),
    ]
    for name, change in invalid:
        api.post("/api/books/", headers=alice, json={**good, **change}, name=name)
    api.post("/api/books/", headers=alice, json={}, name="a book from nothing")
    api.post("/api/books/", headers=alice, json={"title": "  ", "author": authors["Herman"]},
             name="a blank title")

    # As a form and multipart: the same values as text, with a cover image.
    form = {"title": "Typee", "author": authors["Herman"], "price": "8.00", "pages": "300",
            "published_on": "1846-02-26", "in_stock": "false", "metadata": '{"a": 1}',
            "tags": "3"}
    api.post("/api/books/", headers=alice, data=form, name="a book as a form")
    api.post("/api/books/", headers=alice, data={**form, "title": "Omoo", "metadata": "{nope"},
             name="form with invalid JSON")
    api.post("/api/books/", headers=alice, data={**form, "title": "Mardi"},
             files={"cover": ("mardi.png", png(), "image/png")}, name="multipart with a cover")
    api.post("/api/books/", headers=alice, data={**form, "title": "Redburn"},
             files={"cover": ("redburn.png", b"not a png", "image/png")},
             name="a cover that is not an image")
    api.post("/api/books/", headers=alice, json={**good, "title": "Pierre", "cover": "x.png"},
             name="a cover as a string")
    api.post("/api/books/", headers=alice, json={**good, "title": "Pierre", "sample": "x"},
             name="the excluded sample is ignored")
    api.post("/api/books/", headers=alice, body=b'{"title": }', content_type="application/json",
             name="malformed JSON")
    api.post("/api/books/", headers=alice, body=b"<book/>", content_type="application/xml",
             name="unsupported media type")
    api.get("/api/books/", headers=alice, accept="application/xml", name="not acceptable")

    # -- reads: pagination, filters, search, ordering --------------------------------------------
    api.get("/api/books/", name="books, first page")
    api.head("/api/books/", name="books, HEAD")
    api.get("/api/books/?limit=3", name="limit 3")
    api.get("/api/books/?limit=3&offset=3", name="limit 3, offset 3")
    api.get("/api/books/?offset=12", name="the last page")
    api.get("/api/books/?offset=100", name="offset past the end")
    api.get("/api/books/?limit=0", name="limit 0")
    api.get("/api/books/?limit=500", name="limit over the maximum")
    api.get("/api/books/?limit=-1", name="negative limit")
    api.get("/api/books/?limit=abc&offset=xyz", name="limit and offset not numbers")
    api.get("/api/books/?author=Woolf", name="filter by author")
    api.get("/api/books/?author=Woolf&genre=NF", name="two filters")
    api.get("/api/books/?publisher=Vintage", name="filter by publisher")
    api.get("/api/books/?genre=", name="empty filter")
    api.get("/api/books/?search=dalloway", name="search by title")
    api.get("/api/books/?search=woolf", name="search through the author")
    api.get("/api/books/?ordering=price", name="ordering by price")
    api.get("/api/books/?ordering=-title&limit=4", name="ordering by title, descending")
    api.get("/api/books/?ordering=pages", name="ordering by a field not allowed")
    api.get(f"/api/books/{moby}/", name="a book")
    api.get(f"/api/books/{moby}/?format=json", accept=None, name="a book, ?format=json")
    api.get(f"/api/books/{moby}.json", accept=None, name="a book, .json suffix")
    api.get("/api/books/999/", name="a missing book")
    api.get("/api/books/x/", name="a non-numeric pk")
    api.options(f"/api/books/{moby}/", headers=alice, name="a book, OPTIONS")

    # -- updates and deletes ---------------------------------------------------------------------
    api.put(f"/api/books/{moby}/", headers=alice, json={**good, "price": "13.00", "tags": []},
            name="put a book")
    api.put(f"/api/books/{moby}/", headers=alice, json={"title": "Moby-Dick"},
            name="put with missing fields")
    api.patch(f"/api/books/{moby}/", headers=alice, json={"tags": [3], "metadata": None},
              name="patch tags and metadata")
    api.patch(f"/api/books/{moby}/", headers=alice, json={"sku": "x", "id": 5, "added_at": "x"},
              name="read-only fields are ignored")
    api.patch(f"/api/books/{moby}/", name="patch, anonymous", json={"pages": 1})
    api.delete(f"/api/books/{moby}/", name="delete, anonymous")
    api.delete(f"/api/authors/{authors['Herman']}/", headers=alice,
               name="delete a protected author")
    api.delete(f"/api/publishers/{pubs['Penguin']}/", headers=alice,
               name="delete a publisher (set null)")
    api.get(f"/api/books/{moby}/", name="the book lost its publisher")
    api.delete(f"/api/books/{moby}/", headers=alice, name="delete a book")
    api.delete(f"/api/books/{moby}/", headers=alice, name="delete it again")
    api.get("/api/books/?limit=1", name="one fewer book")
    api.get("/api/tags/1/", name="tags stay")
