"""People in the browser: one contact in full, adding and editing one, merging two
records of one person, deleting one, and naming or dropping a reference.

Every form is post-redirect-show: a saved form leads to a page that says so once; a
refused one comes back as typed, each wrong field marked beside its problem. What a
change may do (a merge, a deletion a panel forbids) is the services' to judge.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from afterview.domain.model import Contact, Medium
from afterview.errors import AfterviewError, InvalidInput
from afterview.services.contacts import DeleteContact, MergeContacts, RemoveReference
from afterview.services.records import CONTACT_FIELDS, AddContact, EditContact
from afterview.web.common import AfterviewDep, Csrf, flashed, marked, redirect_after_post, render

router = APIRouter()
FIELDS = ("name", *CONTACT_FIELDS)
"""The contact form's fields: the name, then what a contact records besides."""
MEDIUMS = tuple(medium.value for medium in Medium)


def contact_url(contact_id: str, then: str = "") -> str:
    """The contact's page (or one under it), the id one segment of the URL."""
    return "/contacts/" + quote(contact_id, safe="") + then


async def typed(request: Request) -> dict[str, str]:
    """The contact form as posted: every field, as typed."""
    form = await request.form()
    values = {name: form.get(name) for name in FIELDS}
    return {name: value if isinstance(value, str) else "" for name, value in values.items()}


Typed = Annotated[dict[str, str], Depends(typed)]


def _filled(contact: Contact | None) -> dict[str, str]:
    """The form as a contact fills it (empty for a new one)."""
    if contact is None:
        return dict.fromkeys(FIELDS, "")
    values = {name: getattr(contact, name) for name in FIELDS}
    return {name: str(value) if value is not None else "" for name, value in values.items()}


def _form_page(
    request: Request,
    av: AfterviewDep,
    *,
    form: dict[str, str],
    contact: Contact | None = None,
    problems: tuple[str, ...] = (),
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "page": "network",
        "form": form,
        "contact": contact,
        "mediums": MEDIUMS,
        "greetings": av.greeting_preview(form["name"], form["greeting"]),
        **marked(problems, FIELDS),
    }
    return render(request, "contact_form.html", context, status_code)


# --- Adding and editing -------------------------------------------------------------------


@router.get("/contacts/new", response_class=HTMLResponse)
def new_contact(request: Request, av: AfterviewDep) -> HTMLResponse:
    return _form_page(request, av, form=_filled(None))


@router.post("/contacts", response_model=None)
def create_contact(request: Request, av: AfterviewDep, _: Csrf, form: Typed) -> Response:
    given = {name: form[name].strip() or None for name in FIELDS if name != "name"}
    try:
        added = av.add_contact(AddContact(form["name"].strip(), **given))
    except InvalidInput as error:
        return _form_page(request, av, form=form, problems=error.problems, status_code=400)
    return redirect_after_post(request, contact_url(added.id), [f"Added {added.name}."])


@router.get("/contacts/{contact_id:path}/edit", response_class=HTMLResponse)
def edit_form(request: Request, av: AfterviewDep, contact_id: str) -> HTMLResponse:
    contact = av.contact(contact_id).contact
    return _form_page(request, av, form=_filled(contact), contact=contact)


@router.post("/contacts/{contact_id:path}/edit", response_model=None)
def save_contact(
    request: Request, av: AfterviewDep, _: Csrf, contact_id: str, form: Typed
) -> Response:
    given = {name: form[name].strip() for name in FIELDS}
    try:
        av.edit_contact(EditContact(contact_id, **given))
    except InvalidInput as error:
        contact = av.contact(contact_id).contact
        return _form_page(
            request, av, form=form, contact=contact, problems=error.problems, status_code=400
        )
    return redirect_after_post(request, contact_url(contact_id), ["Changes saved."])


# --- Merging --------------------------------------------------------------------------------


@router.get("/contacts/{contact_id:path}/merge", response_class=HTMLResponse)
def merge_form(
    request: Request, av: AfterviewDep, contact_id: str, other: str = ""
) -> HTMLResponse:
    return _merge_page(request, av, contact_id, {"other": other, "keep": "this"})


def _merge_page(
    request: Request,
    av: AfterviewDep,
    contact_id: str,
    form: dict[str, str],
    problems: list[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {"page": "network", "view": av.contact(contact_id), "form": form}
    context["problems"] = problems or []
    return render(request, "contact_merge.html", context, status_code)


@router.post("/contacts/{contact_id:path}/merge", response_model=None)
def merge(
    request: Request,
    av: AfterviewDep,
    _: Csrf,
    contact_id: str,
    other: Annotated[str, Form()] = "",
    keep: Annotated[str, Form()] = "this",
) -> Response:
    form = {"other": other, "keep": keep}
    if not other:
        problems = ["Choose the other record of this person."]
        return _merge_page(request, av, contact_id, form, problems, 400)
    command = (
        MergeContacts(keep=other, other=contact_id)
        if keep == "other"
        else MergeContacts(keep=contact_id, other=other)
    )
    try:
        kept = av.merge_contacts(command)
    except AfterviewError as error:
        return _merge_page(request, av, contact_id, form, [str(error)], 400)
    return redirect_after_post(
        request, contact_url(kept.id), [f"Merged the two records of {kept.name} into one."]
    )


# --- Deleting -------------------------------------------------------------------------------


@router.get("/contacts/{contact_id:path}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, av: AfterviewDep, contact_id: str) -> HTMLResponse:
    context = {"page": "network", "removal": av.contact_removal(contact_id)}
    return render(request, "contact_delete.html", context)


@router.post("/contacts/{contact_id:path}/delete", response_model=None)
def delete(request: Request, av: AfterviewDep, _: Csrf, contact_id: str) -> Response:
    removed = av.delete_contact(DeleteContact(contact_id))  # refused while on a panel
    return redirect_after_post(request, "/network", [f"Deleted {removed.contact.name}."])


# --- References -----------------------------------------------------------------------------


@router.post("/contacts/{contact_id:path}/reference", response_model=None)
def add_reference(request: Request, av: AfterviewDep, _: Csrf, contact_id: str) -> Response:
    av.add_reference(contact_id)
    name = av.contact(contact_id).contact.name
    return redirect_after_post(
        request, contact_url(contact_id), [f"{name} is one of your references now."]
    )


@router.post("/contacts/{contact_id:path}/reference/remove", response_model=None)
def remove_reference(request: Request, av: AfterviewDep, _: Csrf, contact_id: str) -> Response:
    removed = av.remove_reference(RemoveReference(contact_id))
    return redirect_after_post(
        request, contact_url(contact_id), [f"{removed.name} is no longer one of your references."]
    )


# --- One contact ----------------------------------------------------------------------------


@router.get("/contacts/{contact_id:path}", response_class=HTMLResponse)
def contact_page(request: Request, av: AfterviewDep, contact_id: str) -> HTMLResponse:
    view = av.contact(contact_id)  # NotFound -> the 404 page
    context = {
        "page": "network",
        "view": view,
        "notice": " ".join(flashed(request)) or None,
    }
    return render(request, "contact.html", context)
