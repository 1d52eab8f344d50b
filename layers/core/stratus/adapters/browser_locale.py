"""What a run's proxy location (Skyvern's ProxyLocation values) means for its browser: the
proxy to use and the timezone and locale to show."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

# country code -> (IANA timezone, locale)
COUNTRY_ZONES: dict[str, tuple[str, str]] = {
    "US": ("America/New_York", "en-US"),
    "GB": ("Europe/London", "en-GB"),
    "IE": ("Europe/Dublin", "en-IE"),
    "ES": ("Europe/Madrid", "es-ES"),
    "FR": ("Europe/Paris", "fr-FR"),
    "DE": ("Europe/Berlin", "de-DE"),
    "IT": ("Europe/Rome", "it-IT"),
    "NL": ("Europe/Amsterdam", "nl-NL"),
    "TR": ("Europe/Istanbul", "tr-TR"),
    "IN": ("Asia/Kolkata", "en-IN"),
    "JP": ("Asia/Tokyo", "ja-JP"),
    "PH": ("Asia/Manila", "en-PH"),
    "AU": ("Australia/Sydney", "en-AU"),
    "NZ": ("Pacific/Auckland", "en-NZ"),
    "ZA": ("Africa/Johannesburg", "en-ZA"),
    "AR": ("America/Argentina/Buenos_Aires", "es-AR"),
    "BR": ("America/Sao_Paulo", "pt-BR"),
    "CA": ("America/Toronto", "en-CA"),
    "MX": ("America/Mexico_City", "es-MX"),
}

# US state proxy locations ("US-CA", ...) whose zone is not Eastern
US_STATE_ZONES: dict[str, str] = {
    "CA": "America/Los_Angeles",
    "WA": "America/Los_Angeles",
    "OR": "America/Los_Angeles",
    "NV": "America/Los_Angeles",
    "AZ": "America/Phoenix",
    "CO": "America/Denver",
    "UT": "America/Denver",
    "TX": "America/Chicago",
    "IL": "America/Chicago",
    "MN": "America/Chicago",
}


def proxy_key(proxy_location: Any) -> str | None:
    """The string form used to look the location up in settings.proxies."""
    if proxy_location is None:
        return None
    if isinstance(proxy_location, str):
        return proxy_location
    value = getattr(proxy_location, "value", None)
    if isinstance(value, str):
        return value
    return None


def zone_for(proxy_location: Any) -> tuple[str, str] | None:
    """(timezone, locale) for the location, or None to keep the browser's own."""
    if isinstance(proxy_location, dict):
        country = str(proxy_location.get("country") or "").upper()
        return COUNTRY_ZONES.get(country)
    key = (proxy_key(proxy_location) or "").upper()
    if not key or key == "NONE":
        return None
    if key.startswith("US-"):
        return US_STATE_ZONES.get(key[3:], COUNTRY_ZONES["US"][0]), "en-US"
    if key in {"RESIDENTIAL", "RESIDENTIAL_ISP"}:
        return COUNTRY_ZONES["US"]
    if key.startswith("RESIDENTIAL_"):
        return COUNTRY_ZONES.get(key.removeprefix("RESIDENTIAL_"))
    return None


def proxy_settings(url: str) -> dict[str, str]:
    """Playwright's proxy dict from a proxy URL with optional user:password."""
    parts = urlsplit(url)
    server = f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    proxy = {"server": server}
    if parts.username:
        proxy["username"] = unquote(parts.username)
    if parts.password:
        proxy["password"] = unquote(parts.password)
    return proxy
