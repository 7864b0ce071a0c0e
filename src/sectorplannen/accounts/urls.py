from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("aanmelden/", views.login_view, name="login"),
    path("aanmelden/code/", views.code_view, name="code"),
    path("afmelden/", views.logout_view, name="logout"),
    path("account/tweede-factor/", views.totp_setup_view, name="totp_setup"),
]
