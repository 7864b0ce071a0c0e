from django.urls import path

from .views import common, desk, drafts, final_report, finance, overview, participants, plans, qualitative

app_name = "portal"
urlpatterns = [
    path("", common.home, name="home"),
    # applicant
    path("mijn-plannen/", drafts.my_plans, name="my_plans"),
    path("concepten/nieuw/", drafts.draft_create, name="draft_create"),
    path("concepten/<int:draft_id>/<slug:step>/", drafts.draft_step, name="draft_step"),
    path("plannen/", plans.plan_list, name="plan_list"),
    path("plannen/<int:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("plannen/<int:plan_id>/beschikkingen/<int:version>/", plans.decision_detail, name="decision_detail"),
    path("plannen/<int:plan_id>/beschikkingen/<int:version>/brief.pdf", plans.decision_letter,
         name="decision_letter"),
    path("plannen/<int:plan_id>/herziening/", plans.revision_request, name="revision_request"),
    path("plannen/<int:plan_id>/logboek/", plans.plan_audit, name="plan_audit"),
    path("plannen/<int:plan_id>/deelnemers/", participants.participants, name="participants"),
    path("plannen/<int:plan_id>/deelnemers/uploads/<int:report_id>/", participants.upload_report,
         name="upload_report"),
    path("plannen/<int:plan_id>/deelnemers/uploads/<int:report_id>/fouten.csv", participants.upload_errors_csv,
         name="upload_errors_csv"),
    path("plannen/<int:plan_id>/voortgang/", finance.progress_report, name="progress_report"),
    path("plannen/<int:plan_id>/einddeclaratie/", finance.declaration, name="declaration"),
    path("plannen/<int:plan_id>/eindrapportage/", final_report.overview, name="final_report"),
    path("plannen/<int:plan_id>/eindrapportage/<str:block>/", final_report.block, name="final_report_block"),
    path("plannen/<int:plan_id>/financien/", finance.finance, name="finance"),
    path("plannen/<int:plan_id>/vaststellingen/<int:version>/brief.pdf", finance.settlement_letter,
         name="settlement_letter"),
    path("rekenhulp/", finance.calculator, name="calculator"),
    # agency desk
    path("werkvoorraad/", desk.queue, name="queue"),
    path("plannen/<int:plan_id>/beoordelen/", desk.assess, name="assess"),
    path("plannen/<int:plan_id>/vaststellen/", finance.settle, name="settle"),
    path("plannen/<int:plan_id>/voorschotten/", finance.advances, name="advances"),
    path("herzieningsverzoeken/<int:request_id>/", desk.revision_review, name="revision_review"),
    path("voorstellen/", desk.proposals, name="proposals"),
    path("voorstellen/<int:proposal_id>/", desk.proposal_detail, name="proposal_detail"),
    path("voorstellen/<int:proposal_id>/goedkeuren/", desk.proposal_approve, name="proposal_approve"),
    path("voorstellen/<int:proposal_id>/terugsturen/", desk.proposal_reject, name="proposal_reject"),
    # ministry, evaluator, administrator
    path("realisatie/", overview.dashboard, name="dashboard"),
    path("realisatie/rapport.<slug:fmt>", overview.realisation_report, name="realisation_report"),
    path("evaluatie/", overview.evaluation, name="evaluation"),
    path("evaluatie/eindrapportages/", qualitative.tabulations, name="tabulations"),
    path("evaluatie/eindrapportages.<slug:fmt>", qualitative.tabulations_download, name="tabulations_download"),
    path("evaluatie/toelichtingen/", qualitative.free_text, name="free_text"),
    path("beheer/logboek/", overview.system_audit, name="system_audit"),
]
