"""Django admin for workspaces, memberships, municipalities and the (read-only) audit trail."""

from django.contrib import admin
from django.http import HttpRequest

from ouderpartner.core.models import AuditEvent, Membership, Municipality, Workspace


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "province", "year")
    list_filter = ("province", "year")
    search_fields = ("code", "name")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user", "organisation")


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "municipality_code", "disclosure_threshold", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "municipality_code")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "workspace", "role", "organisation", "created_at")
    list_filter = ("role", "workspace")
    search_fields = ("user__email", "user__name", "workspace__name")
    list_select_related = ("user", "workspace", "organisation")
    raw_id_fields = ("user", "organisation")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "workspace", "actor_email", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type", "workspace")
    search_fields = ("actor_email", "object_repr")
    list_select_related = ("workspace",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
