"""Admin behaviour shared by the apps."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cate_portal.forms import add_refusal_to_form


class ReadOnlyAdminMixin:
    """Records kept as they were written (signatures, votes, logs, reference data): the admin
    shows them, and nobody adds, edits or deletes one there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SavesThroughServicesAdminMixin:
    """For an admin whose save_model / save_formset call services rather than saving rows.

    Django saves a change form inside one transaction. A ValidationError or PermissionDenied
    that a service raises while saving leaves that transaction, so everything the request had
    written is rolled back (history rows, the log entry, e-mail waiting for the commit); the
    form is then shown again, with what was typed and the refusal as its error. Never a server
    error, never half a change. A refusal met while saving an inline should name its row
    (see partners.organizations.admin): its field names are the inline's, not the form's.

    A PermissionDenied of the admin itself (no change permission) is raised again by the second
    pass, so it still answers 403.

    simple-history's "revert to this version" (its history form, for the admins that have one)
    saves through the same save_model and gets the same treatment; Django's transaction around
    the change form does not cover it, so it gets its own.
    """

    _refusal_attribute = "_cate_refused_while_saving"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, PermissionDenied) as error:
            setattr(request, self._refusal_attribute, error)
        # The same POST again: the form now carries the refusal, so nothing is saved this time.
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except (ValidationError, PermissionDenied) as error:
            setattr(request, self._refusal_attribute, error)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, self._refusal_attribute, None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                add_refusal_to_form(self, refusal)
                return cleaned_data

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm
