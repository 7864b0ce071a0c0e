from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("sectorplannen.accounts.urls")),
    path("", include("sectorplannen.portal.urls")),
    path("", include("sectorplannen.api.urls")),
]

handler403 = "sectorplannen.portal.views.common.permission_denied"
handler404 = "sectorplannen.portal.views.common.page_not_found"
