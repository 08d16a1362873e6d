"""Admin behaviour shared by the apps."""


class ReadOnlyAdminMixin:
    """Records kept as they were written (signatures, votes, logs, reference data): the admin
    shows them, and nobody adds, edits or deletes one there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
