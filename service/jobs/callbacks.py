"""Signed callbacks: POST the ended job to the client's URL, and refuse URLs into private networks.

The signature header is `X-Essay-Feedback-Signature: t=<unix seconds>,v1=<hex>` where the
hex is HMAC-SHA256 over `"<t>.<raw body>"` with ESSAY_FEEDBACK_WEBHOOK_SECRET (the scheme
Stripe uses: the timestamp lets a receiver refuse replays).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

SIGNATURE_HEADER = "X-Essay-Feedback-Signature"
# The first retry after 30 s, doubling up to an hour between attempts.
FIRST_DELAY_SECONDS = 30.0
MAX_DELAY_SECONDS = 3600.0
TIMEOUT_SECONDS = 10.0


def signature(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def retry_delay(failed_attempts: int) -> float:
    """Seconds to wait after the n-th failed attempt: 30, 60, 120, ... at most 3,600."""
    return min(FIRST_DELAY_SECONDS * 2 ** max(failed_attempts - 1, 0), MAX_DELAY_SECONDS)


def url_problem(url: str, allow_private: bool) -> str | None:
    """Why the service will not POST to `url`, or None when it may.

    The host is resolved and every address checked: a callback must not reach the
    service's own machine or network (server-side request forgery) unless the operator
    allows it.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "The callback URL must be an absolute http:// or https:// URL."
    if parts.username or parts.password:
        return "The callback URL must not carry credentials; verify the signature instead."
    try:
        port = parts.port
    except ValueError:
        return "The callback URL has an invalid port."
    if allow_private:
        return None
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port or 443, type=socket.SOCK_STREAM)}
    except (socket.gaierror, UnicodeError):
        return f"The callback host {parts.hostname!r} cannot be resolved."
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if getattr(ip, "ipv4_mapped", None):
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            return (
                f"The callback host {parts.hostname!r} resolves to {ip}, a private, loopback or link-local "
                "address; callbacks go to public addresses only."
            )
    return None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead to an address the check above refused: report it, never follow it.
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def post_signed(url: str, body: bytes, secret: str, timestamp: int) -> int:
    """POST `body` with its signature; returns the HTTP status. Network failures raise OSError."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "essay-feedback-callback/1",
            SIGNATURE_HEADER: signature(secret, body, timestamp),
        },
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
