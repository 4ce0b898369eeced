from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from dataide import views as core_views
from dataide.i18n import short_i18n_patterns
from portal import views as portal_views

# The admin signs in through allauth, so its rate limits and MFA apply there too.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "DATAide"
admin.site.site_title = "DATAide"

urlpatterns = [
    path("", portal_views.language_root, name="language_root"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += short_i18n_patterns(
    path("", portal_views.home, name="home"),
    path("", include("portal.urls")),
    path("", include("programs.urls")),
    path("organisme/", include("organismes.urls")),
    path("formations/", include("trainings.urls")),
    path("demandes/", include("applications.urls")),
    path("demandes/", include("grants.urls")),
    path("demandes/", include("committees.applicant_urls")),
    path("comite/", include("committees.urls")),
    # The public register's addresses are translated: /fr/octrois/, /en/grants/.
    path(_("octrois/"), include("register.urls")),
    path("impact/", include("impact.urls")),
    path("comptes/", include("dataide.accounts.urls")),
    path("", include("dataide.privacy.urls")),
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
)

