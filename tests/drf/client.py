"""The HTTP client a request script drives, and the transcript it records.

A script is a function `run(api)` that sends requests through `api` and reads their answers to
decide what to send next (a token from a login, the id of a row it created). The harness runs
the same script once against restforge and once against the DRF twin, on fresh databases, and
compares the two transcripts entry by entry.

The client is `http.client` from the standard library, so what is sent is exactly what the
script says: no redirects followed, no headers added beyond Host, Content-Length, Accept and
the ones asked for.
"""

import http.client
import json as jsonlib
import uuid

# The headers a client reads, compared between the two servers (DRF-CONTRACT §0), and the
# security headers Django's default middleware adds. Everything else (Date, Server,
# Content-Length, ...) is not compared.
COMPARED_HEADERS = ["content-type", "allow", "vary", "www-authenticate", "location", "set-cookie",
                    "x-frame-options", "x-content-type-options", "referrer-policy",
                    "cross-origin-opener-policy"]


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (lower-case name, value), in the order received
        self.body = body

    def header(self, name):
        for key, value in self.headers:
            if key == name.lower():
                return value
        return None

    def json(self):
        return jsonlib.loads(self.body)


class Entry:
    """One request and its answer, as the transcript records it."""

    def __init__(self, name, method, path, response):
        self.name = name
        self.method = method
        self.path = path
        self.status = response.status
        self.headers = [(k, v) for k, v in response.headers if k in COMPARED_HEADERS]
        self.body = response.body


class Api:
    """What a script sees: one server, its users' credentials, and a cookie jar per browser."""

    def __init__(self, port, tokens):
        self.port = port
        self.tokens = tokens  # username -> API token, made when the user was created
        self.transcript = []
        self.cookies = {}  # browser name -> {cookie name: value}

    # -- credentials -------------------------------------------------------------------------

    def token(self, username):
        """`Authorization` for TokenAuthentication as the user."""
        return {"Authorization": f"Token {self.tokens[username]}"}

    @staticmethod
    def basic(username, password):
        import base64

        credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
        return {"Authorization": f"Basic {credentials}"}

    @staticmethod
    def bearer(access):
        return {"Authorization": f"Bearer {access}"}

    # -- requests ----------------------------------------------------------------------------

    def request(self, method, path, *, name=None, headers=None, json=None, data=None, body=None,
                content_type=None, files=None, browser=None, accept="application/json"):
        """Sends one request and records it.

        `json` is sent as application/json, `data` (a dict) as a form, `files` (with `data`) as
        multipart/form-data, `body` as raw bytes with `content_type`. `browser` names a cookie
        jar: its cookies are sent, the answer's Set-Cookie stored, and for unsafe methods its
        csrftoken is sent as X-CSRFToken (as a browser page using Django's CSRF does).
        """
        sent = {}
        if accept is not None:
            sent["Accept"] = accept
        if json is not None:
            body = jsonlib.dumps(json).encode()
            content_type = "application/json"
        elif files is not None:
            body, content_type = multipart(data or {}, files)
        elif data is not None:
            from urllib.parse import urlencode

            body = urlencode(data).encode()
            content_type = "application/x-www-form-urlencoded"
        if content_type is not None:
            sent["Content-Type"] = content_type
        if browser is not None:
            jar = self.cookies.setdefault(browser, {})
            if jar:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
            if method not in ("GET", "HEAD", "OPTIONS", "TRACE") and "csrftoken" in jar:
                sent["X-CSRFToken"] = jar["csrftoken"]
                sent["Referer"] = f"http://127.0.0.1:{self.port}/"
        sent.update(headers or {})

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            payload = answer.read()
            response = Response(answer.status, [(k.lower(), v) for k, v in answer.getheaders()],
                                payload)
        finally:
            connection.close()

        if browser is not None:
            jar = self.cookies[browser]
            for key, value in response.headers:
                if key == "set-cookie":
                    cookie, _, _ = value.partition(";")
                    cookie_name, _, cookie_value = cookie.partition("=")
                    if cookie_value.strip('"'):
                        jar[cookie_name.strip()] = cookie_value
                    else:
                        jar.pop(cookie_name.strip(), None)
        self.transcript.append(Entry(name or f"{method} {path}", method, path, response))
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def head(self, path, **kwargs):
        return self.request("HEAD", path, **kwargs)

    def options(self, path, **kwargs):
        return self.request("OPTIONS", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)


def multipart(fields, files):
    """multipart/form-data of `fields` (name -> str) and `files` (name -> (filename, bytes,
    content type))."""
    boundary = "----restforge" + uuid.UUID(int=0x5EED).hex
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            .encode()
        )
    for key, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
