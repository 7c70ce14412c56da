"""A citizen's browser over plain HTTP, for bench/reliability.py: cookies, the
CSRF token of each form, the log-in form and the submission of a procedure
through its real forms.

The seu runs with DEBUG off, so its cookies are marked Secure; a browser
would not send them back over plain HTTP, this one does (as the benchmark's
wrk does), and Django accepts them.
"""

import http.client
import re
import secrets
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

HOST = "127.0.0.1"
LANGUAGE = "ca"
LOGIN_PATH = f"/{LANGUAGE}/compte/entrar/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DRAFT_INPUT = re.compile(r'name="draft" value="(\d+)"')
CASE_PATH = re.compile(rf"^/{LANGUAGE}/tramits/les-meves-sollicituds/([^/]+)/$")


class Response:
    def __init__(self, status, headers, body, seconds, error=""):
        self.status = status  # 0 when no HTTP answer came (error says why)
        self.headers = headers
        self.body = body
        self.seconds = seconds
        self.error = error

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self):
        return urlsplit(self.headers.get("location", "")).path

    def label(self):
        return str(self.status) if self.status else f"no answer ({self.error})"


class StepFailed(Exception):
    """A step of a citizen's journey did not answer as a working site would."""

    def __init__(self, step, response, expected):
        self.step = step
        self.response = response
        super().__init__(f"{step}: {response.label()}, expected {expected}")


class Browser:
    """One citizen's browser: its cookies, and every request it made (`requests`)."""

    def __init__(self, port, *, timeout=30, record=None):
        self.port = port
        self.timeout = timeout
        self.cookies = {}
        self.record = record  # called with (method, path, response) after each request

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _keep_cookies(self, set_cookie_headers):
        for header in set_cookie_headers:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def request(self, method, path, *, body=None, content_type=None, port=None):
        headers = {"Host": f"{HOST}:{port or self.port}", "User-Agent": "seu-reliability/1"}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        if content_type:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, port or self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
            set_cookies = answer.headers.get_all("Set-Cookie") or []
            header_map = {name.lower(): value for name, value in answer.getheaders()}
            response = Response(answer.status, header_map, data, time.perf_counter() - started)
            self._keep_cookies(set_cookies)
        except (OSError, http.client.HTTPException) as exc:
            response = Response(0, {}, b"", time.perf_counter() - started, error=type(exc).__name__)
        finally:
            connection.close()
        if self.record is not None:
            self.record(method, path, response)
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields, **kwargs):
        return self.request(
            "POST",
            path,
            body=urlencode(fields).encode(),
            content_type="application/x-www-form-urlencoded",
            **kwargs,
        )

    def post_multipart(self, path, fields, files, **kwargs):
        """fields: {name: value}; files: {name: (filename, content type, bytes)}."""
        boundary = f"----seu-reliability-{uuid.uuid4().hex}"
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content_type, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}",
            **kwargs,
        )


def csrf_token(step, response):
    match = CSRF_INPUT.search(response.text)
    if match is None:
        raise StepFailed(step, response, "a form with its CSRF token")
    return match.group(1)


def expect(step, response, status, location_part=None):
    if response.status != status:
        raise StepFailed(step, response, status)
    if location_part is not None and location_part not in response.location:
        raise StepFailed(step, response, f"a redirect to …{location_part}")
    return response


def log_in(browser, email, password):
    """Log in through the log-in form, as a person does."""
    page = expect("log-in page", browser.get(LOGIN_PATH), 200)
    fields = {
        "csrfmiddlewaretoken": csrf_token("log-in page", page),
        "email": email,
        "password": password,
    }
    expect("log in", browser.post_form(LOGIN_PATH, fields), 302)
    if "sessionid" not in browser.cookies:
        raise StepFailed("log in", page, "a session cookie")


class Submission:
    """The outcome of one submission through the forms."""

    def __init__(self):
        self.number = ""  # the registry number, as the case page shows it
        self.submit_seconds = None  # the POST of "Submit the application"
        self.confirmed = False  # the case page answered 200 and showed the number
        self.failed_step = ""
        self.failure = ""


def submit(browser, slug, pdf, *, port=None):
    """The generic request, through its forms: the form with its answers and a
    PDF, "Continue", the review page, "Submit the application", the case page.

    Returns a Submission; a step that does not answer as expected ends it and
    is named (`failed_step`, `failure`)."""
    result = Submission()
    apply_path = f"/{LANGUAGE}/tramits/{slug}/sollicitud/"
    review_path = f"/{LANGUAGE}/tramits/{slug}/revisio/"
    marker = secrets.token_hex(4)
    try:
        form = expect("form page", browser.get(apply_path, port=port), 200)
        fields = {
            "csrfmiddlewaretoken": csrf_token("form page", form),
            "exposo": f"Prova de fiabilitat {marker}: la vorera del carrer Major està malmesa.",
            "sollicito": "Que se'n revisi l'estat i s'hi facin les reparacions necessàries.",
            "action": "continue",
        }
        files = {"documents": (f"fotos-{marker}.pdf", "application/pdf", pdf)}
        expect(
            "save the answers",
            browser.post_multipart(apply_path, fields, files, port=port),
            302,
            "/revisio/",
        )
        review = expect("review page", browser.get(review_path, port=port), 200)
        draft = DRAFT_INPUT.search(review.text)
        if draft is None:
            raise StepFailed("review page", review, "the draft's number in the form")
        fields = {"csrfmiddlewaretoken": csrf_token("review page", review), "draft": draft[1]}
        answer = browser.post_form(review_path, fields, port=port)
        result.submit_seconds = answer.seconds
        expect("submit", answer, 302, "/les-meves-sollicituds/")
        match = CASE_PATH.match(answer.location)
        if match is None:
            raise StepFailed("submit", answer, "a redirect to the case page")
        result.number = match[1].replace("-", "/")
        case = expect("case page", browser.get(answer.location, port=port), 200)
        result.confirmed = result.number in case.text
        if not result.confirmed:
            raise StepFailed("case page", case, f"the number {result.number} on the page")
    except StepFailed as failure:
        result.failed_step = failure.step
        result.failure = str(failure)
    return result
