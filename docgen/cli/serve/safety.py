"""Who may ask, and how much: the guard every request passes before a page sees it.

- Listening on 127.0.0.1 without a token, only requests from this machine that name it in their
  Host header are answered (a web page elsewhere cannot reach the server by pointing a name of its
  own at 127.0.0.1: DNS rebinding).
- With --token, every request carries it: an `Authorization: Bearer` or `X-Docgen-Token` header,
  or the cookie set when a link with `?token=` is opened (the link is then redirected to itself
  without it, so the token does not stay in the address bar or the history).
- A body larger than the upload limit is refused before it is read (Content-Length) or while it
  is read (a body that does not say its length).
- Every form that changes something carries a CSRF token: an HMAC, under a secret made when the
  server starts, of a random id held in a SameSite=Strict cookie.
- Every answer says not to be cached, framed or sniffed, and allows only the server's own files.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from docgen.cli.serve.config import ServeConfig, is_loopback

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Refusal = Callable[[Request, int, str, str], Response]
"""Makes the error page: (request, status, what happened, what to do next)."""
Crash = Callable[[Request, Exception], Response]
"""Makes the page for a request that failed unexpectedly (and logs it)."""

TOKEN_COOKIE = "docgen_token"
CSRF_COOKIE = "docgen_csrf"
CSRF_FIELD = "csrf"
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
)
"""For an HTML document docgen made (an HTML edition, a comparison): its styles are inline, and
it runs no script at all."""
HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


class TooLarge(Exception):
    """A request body past the upload limit."""


class Guard:
    """The ASGI middleware in front of every page (see the module's docstring)."""

    def __init__(self, app: ASGIApp, config: ServeConfig, refuse: Refusal, crashed: Crash) -> None:
        self.app, self.config, self.refuse, self.crashed = app, config, refuse, crashed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        fresh = request.cookies.get(CSRF_COOKIE) or ""
        new_id = not _is_id(fresh)
        scope.setdefault("state", {})["csrf_id"] = secrets.token_urlsafe(24) if new_id else fresh
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if new_id:
                    headers.append("set-cookie", _cookie(CSRF_COOKIE, scope["state"]["csrf_id"]))
            await send(message)

        refusal = self._refusal(request)
        if refusal is not None:
            await refusal(scope, receive, sending)
            return
        try:
            await self.app(scope, self._bounded(scope, receive), sending)
        except TooLarge:
            if started:
                raise
            await self._too_large(request)(scope, receive, sending)
        except Exception as exc:  # a bug: its page (with these headers), and the server goes on
            if started:
                raise
            await self.crashed(request, exc)(scope, receive, sending)

    def _refusal(self, request: Request) -> Response | None:
        config = self.config
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > config.upload_limit:
            return self._too_large(request)
        if config.token is None:
            client = request.client.host if request.client else ""
            if not is_loopback(client):
                return self.refuse(
                    request,
                    403,
                    "This server answers only this computer.",
                    "Open the page on the computer that runs docgen serve, or ask whoever runs "
                    "it to start it with --host and --token and to give you the link.",
                )
            if request.headers.get("host", "") not in self._hosts():
                return self.refuse(
                    request,
                    400,
                    "The address in this request does not name this server.",
                    f"Open http://127.0.0.1:{config.port}/ on the computer that runs docgen serve.",
                )
            return None
        return self._token_refusal(request, config.token)

    def _hosts(self) -> set[str]:
        port = self.config.port
        names = {self.config.host, "127.0.0.1", "localhost", "[::1]"}
        return {f"{name}:{port}" for name in names} | ({*names} if port == 80 else set())

    def _token_refusal(self, request: Request, token: str) -> Response | None:
        given = request.query_params.get("token")
        if given is not None and _same(given, token):
            query = urlencode([(k, v) for k, v in parse_qsl(request.url.query) if k != "token"])
            target = request.url.path + (f"?{query}" if query else "")
            response = RedirectResponse(target, status_code=303)
            response.headers.append("set-cookie", _cookie(TOKEN_COOKIE, token))
            return response
        carried = (
            request.headers.get("x-docgen-token")
            or _bearer(request.headers.get("authorization", ""))
            or request.cookies.get(TOKEN_COOKIE)
            or ""
        )
        if _same(carried, token):
            return None
        return self.refuse(
            request,
            401,
            "This server needs its access token.",
            "Open the link with ?token= that whoever runs docgen serve gave you. The token "
            "keeps the evaluation scores, which are exempt information, to the people given it.",
        )

    def _too_large(self, request: Request) -> Response:
        return self.refuse(
            request,
            413,
            f"The file is too large: docgen takes files of up to {self.config.limit_label}.",
            "Check that you chose the right file (a panel's workbook is well under a megabyte); "
            "nothing was changed.",
        )

    def _bounded(self, scope: Scope, receive: Receive) -> Receive:
        limit, read = self.config.upload_limit, 0

        async def bounded() -> Message:
            nonlocal read
            message = await receive()
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > limit:
                    raise TooLarge
            return message

        return bounded


def csrf_token(request: Request, secret: str) -> str:
    """The token this request's forms carry."""
    ident = request.scope.get("state", {}).get("csrf_id", "")
    return hmac.new(secret.encode(), str(ident).encode(), hashlib.sha256).hexdigest()


def csrf_ok(request: Request, secret: str, given: object) -> bool:
    """Whether a changing request carried its page's CSRF token (in the form or a header)."""
    if not request.cookies.get(CSRF_COOKIE):
        return False
    sent = given if isinstance(given, str) else request.headers.get("x-csrf-token", "")
    return _same(sent, csrf_token(request, secret))


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _is_id(value: str) -> bool:
    return 16 <= len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value)


def _bearer(value: str) -> str:
    kind, _, token = value.partition(" ")
    return token.strip() if kind.lower() == "bearer" else ""


def _cookie(name: str, value: str) -> str:
    cookie: SimpleCookie = SimpleCookie()
    cookie[name] = value
    cookie[name]["path"] = "/"
    cookie[name]["httponly"] = True
    cookie[name]["samesite"] = "Strict"
    return cookie.output(header="").strip()
