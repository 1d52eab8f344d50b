"""Field concepts: the phrases forms use for the same piece of information."""

from __future__ import annotations

from .text import words

CONCEPT_PHRASES: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "given name", "firstname", "fname", "forename", "first"),
    "middle_name": ("middle name", "middle initial", "middlename"),
    "last_name": ("last name", "surname", "family name", "lastname", "lname", "last"),
    "full_name": ("full name", "name", "your name", "fullname", "applicant name", "contact name"),
    "email": ("email", "e mail", "email address", "mail", "emailaddress"),
    "phone": ("phone", "mobile", "telephone", "tel", "cell", "phone number", "contact number"),
    "zip": ("zip", "zip code", "postal code", "postcode", "postal", "zipcode"),
    "address": ("address", "street", "street address", "address line 1", "address1", "addr"),
    "address2": ("address line 2", "address2", "apartment", "suite", "apt"),
    "city": ("city", "town", "locality"),
    "state": ("state", "province", "region", "county"),
    "country": ("country", "nation"),
    "company": ("company", "employer", "organization", "organisation", "company name"),
    "job_title": ("job title", "position", "role", "current title"),
    "birth_date": ("date of birth", "birthday", "dob", "birth date", "birthdate"),
    "website": ("website", "url", "homepage", "portfolio", "web site", "personal site"),
    "linkedin": ("linkedin", "linkedin profile", "linkedin url"),
    "message": ("message", "comments", "comment", "notes", "additional information", "note"),
    "cover_letter": ("cover letter", "coverletter", "motivation"),
    "username": ("username", "user name", "login", "user id", "userid"),
    "password": ("password", "passcode", "pass"),
    "code": ("verification code", "otp", "one time code", "2fa code", "security code", "code"),
    "quantity": ("quantity", "qty", "amount"),
    "age": ("age",),
    "gender": ("gender", "sex"),
    "resume": ("resume", "cv", "curriculum vitae", "resume cv"),
    "experience": ("years of experience", "experience", "years experience"),
    "salary": ("salary", "expected salary", "compensation", "desired salary"),
    "start_date": ("start date", "available from", "availability", "earliest start date"),
}

AUTOCOMPLETE_CONCEPTS: dict[str, str] = {
    "given-name": "first_name",
    "additional-name": "middle_name",
    "family-name": "last_name",
    "name": "full_name",
    "email": "email",
    "tel": "phone",
    "tel-national": "phone",
    "postal-code": "zip",
    "street-address": "address",
    "address-line1": "address",
    "address-line2": "address2",
    "address-level2": "city",
    "address-level1": "state",
    "country": "country",
    "country-name": "country",
    "organization": "company",
    "organization-title": "job_title",
    "bday": "birth_date",
    "url": "website",
    "username": "username",
    "current-password": "password",
    "new-password": "password",
    "one-time-code": "code",
    "sex": "gender",
}

INPUT_TYPE_CONCEPTS: dict[str, str] = {
    "email": "email",
    "tel": "phone",
    "url": "website",
    "password": "password",
}

_PHRASES: list[tuple[tuple[str, ...], str]] = sorted(
    ((tuple(words(phrase)), concept) for concept, ps in CONCEPT_PHRASES.items() for phrase in ps),
    key=lambda item: -len(item[0]),
)


def concept_of(text: str | None) -> str | None:
    """The concept named by the longest known phrase in the text ('Company name' -> company)."""
    tokens = words(text)
    if not tokens:
        return None
    best: tuple[int, int, str] | None = None  # (phrase length, -position, concept)
    for phrase, concept in _PHRASES:
        size = len(phrase)
        for start in range(len(tokens) - size + 1):
            if tuple(tokens[start : start + size]) == phrase:
                candidate = (size, -start, concept)
                if best is None or candidate > best:
                    best = candidate
                break
    return best[2] if best else None
