"""The routes of /api/v1 (no trailing slashes: any other path under /api/ is a 404 problem) and the
pages of the portal where people make and revoke tokens and read the documentation."""

from django.urls import path, re_path

from . import pages, problems, views_advances, views_letters, views_lookup, views_reports
from . import views_partnership as partnership
from . import views_qualitative as qualitative
from . import views_qualitative_evaluator as evaluator
from .views import concepts, desk, finance, plans, steps, uploads
from .views.meta import OpenApiDocument

app_name = "api"

V1 = "api/v1/"


def letters_of_plan(resource: str, key: str, list_view, detail_view, letter_view, name: str) -> list:
    """The shape of a plan's decisions: the list (``<name>s``), one of them (``<name>``) and its letter
    (``<name>_letter``, a PDF)."""
    base = f"{V1}plannen/<int:plan_id>/{resource}"
    return [path(base, list_view.as_view(), name=f"{name}s"),
            path(f"{base}/<int:{key}>", detail_view.as_view(), name=name),
            path(f"{base}/<int:{key}>/brief", letter_view.as_view(), name=f"{name}_letter")]


api_patterns = [
    path(V1 + "openapi.json", OpenApiDocument.as_view(), name="openapi"),
    path(V1 + "plannen", plans.PlanList.as_view(), name="plans"),
    path(V1 + "plannen/<int:plan_id>", plans.PlanDetail.as_view(), name="plan"),
    *letters_of_plan("beschikkingen", "version", plans.DecisionList, plans.DecisionDetail, plans.DecisionLetter,
                     "decision"),
    *letters_of_plan("vaststellingen", "version", plans.SettlementList, plans.SettlementDetail,
                     plans.SettlementLetter, "settlement"),
    path(V1 + "plannen/<int:plan_id>/einddeclaraties", finance.DeclarationList.as_view(), name="declarations"),
    path(V1 + "plannen/<int:plan_id>/voortgangsrapportages", finance.ProgressReportList.as_view(),
         name="progress_reports"),
    path(V1 + "plannen/<int:plan_id>/deelnemersuploads", uploads.UploadList.as_view(), name="uploads"),
    path(V1 + "deelnemersuploads/<int:job_id>", uploads.UploadDetail.as_view(), name="upload"),
    path(V1 + "deelnemersuploads/<int:job_id>/rapport", uploads.UploadReport.as_view(), name="upload_report"),
    path(V1 + "deelnemersuploads/<int:job_id>/fouten", uploads.UploadErrors.as_view(), name="upload_errors"),
    path(V1 + "plannen/<int:plan_id>/herzieningsverzoeken", steps.RevisionRequestList.as_view(),
         name="revision_requests"),
    path(V1 + "plannen/<int:plan_id>/intrekkingen", steps.Withdrawal.as_view(), name="withdrawal"),
    path(V1 + "plannen/<int:plan_id>/startmeldingen", steps.StartReport.as_view(), name="start"),
    path(V1 + "concepten", concepts.ConceptList.as_view(), name="concepts"),
    path(V1 + "concepten/<int:concept_id>", concepts.ConceptDetail.as_view(), name="concept"),
    path(V1 + "concepten/<int:concept_id>/bevindingen", concepts.ConceptFindings.as_view(), name="concept_findings"),
    path(V1 + "concepten/<int:concept_id>/_indienen", concepts.ConceptSubmit.as_view(), name="concept_submit"),
    path(V1 + "voorstellen", desk.ProposalList.as_view(), name="proposals"),
    path(V1 + "voorstellen/<int:proposal_id>", desk.ProposalDetail.as_view(), name="proposal"),
    path(V1 + "voorstellen/<int:proposal_id>/goedkeuringen", desk.ProposalApproval.as_view(),
         name="proposal_approval"),
    path(V1 + "voorstellen/<int:proposal_id>/terugzendingen", desk.ProposalReturn.as_view(), name="proposal_return"),
    path(V1 + "vaststellingsberekeningen", finance.Calculator.as_view(), name="calculator"),
    # issue 18: the applicant's advance requests (the decision: /voorstellen, kind "advance")
    path(V1 + "voorschotten", views_advances.AdvanceList.as_view(), name="advances"),
    path(V1 + "voorschotten/<int:request_id>", views_advances.AdvanceDetail.as_view(), name="advance"),
    path(V1 + "voorschotten/<int:request_id>/afwijzingen", views_advances.AdvanceRefusal.as_view(),
         name="advance_refusal"),
    path(V1 + "voorschotten/<int:request_id>/brief", views_advances.AdvanceLetter.as_view(), name="advance_letter"),
    # issue 21: the partnership's administration (employers, their uploads, dossiers, claims, the ledger)
    path(V1 + "plannen/<int:plan_id>/werkgevers", partnership.EmployerList.as_view(), name="plan_employers"),
    path(V1 + "plannen/<int:plan_id>/werkgeversuploads", partnership.EmployerUploadList.as_view(),
         name="employer_uploads"),
    path(V1 + "werkgeversuploads/<int:job_id>", partnership.EmployerUploadDetail.as_view(), name="employer_upload"),
    path(V1 + "werkgeversuploads/<int:job_id>/rapport", partnership.EmployerUploadReport.as_view(),
         name="employer_upload_report"),
    path(V1 + "werkgeversuploads/<int:job_id>/fouten", partnership.EmployerUploadErrors.as_view(),
         name="employer_upload_errors"),
    path(V1 + "plannen/<int:plan_id>/dossiers", partnership.DossierList.as_view(), name="dossiers"),
    path(V1 + "plannen/<int:plan_id>/dossiers/<int:dossier_id>", partnership.DossierDetail.as_view(), name="dossier"),
    path(V1 + "plannen/<int:plan_id>/dossiers/<int:dossier_id>/bewijsstukken", partnership.EvidenceList.as_view(),
         name="dossier_evidence"),
    path(V1 + "plannen/<int:plan_id>/werkgeversdeclaraties", partnership.ClaimList.as_view(), name="employer_claims"),
    path(V1 + "plannen/<int:plan_id>/werkgeversdeclaraties/<int:claim_id>/betalingen",
         partnership.ClaimPayment.as_view(), name="employer_claim_payment"),
    path(V1 + "plannen/<int:plan_id>/grootboekregels", partnership.LedgerList.as_view(), name="ledger"),
]

# Issue 14: the qualitative half of the evaluation (final report, partner survey, codebooks, the
# evaluator's tabulations and interview notes).
api_patterns += [
    path(V1 + "plannen/<int:plan_id>/eindrapportage", qualitative.FinalReport.as_view(), name="final_report"),
    path(V1 + "plannen/<int:plan_id>/eindrapportage/bevindingen", qualitative.FinalReportFindings.as_view(),
         name="final_report_findings"),
    path(V1 + "plannen/<int:plan_id>/eindrapportage/_indienen", qualitative.FinalReportSubmit.as_view(),
         name="final_report_submit"),
    path(V1 + "plannen/<int:plan_id>/partneruitnodigingen", qualitative.InvitationList.as_view(),
         name="survey_invitations"),
    path(V1 + "plannen/<int:plan_id>/enquetecontactpersonen", qualitative.SurveyContactList.as_view(),
         name="survey_contacts"),
    path(V1 + "codeboeken", qualitative.CodebookList.as_view(), name="codebooks"),
    path(V1 + "codeboeken/<int:version>", qualitative.CodebookDetail.as_view(), name="codebook"),
    path(V1 + "codeboeken/<int:version>/doelen", qualitative.GoalLists.as_view(), name="codebook_goals"),
    path(V1 + "evaluatie/tabellen", evaluator.TabulationList.as_view(), name="tabulations"),
    path(V1 + "evaluatie/tabellen/<str:table_id>", evaluator.TabulationDetail.as_view(), name="tabulation"),
    path(V1 + "evaluatie/interviews", evaluator.NoteList.as_view(), name="interviews"),
    path(V1 + "evaluatie/interviews/<int:note_id>", evaluator.NoteDetail.as_view(), name="interview"),
    path(V1 + "evaluatie/interviews/<int:note_id>/coderingen", evaluator.NoteCoding.as_view(),
         name="interview_coding"),
    path(V1 + "evaluatie/overeenstemmingen", evaluator.AgreementList.as_view(), name="coder_agreement"),
]

page_patterns = [
    path("api-sleutels/", pages.token_list, name="tokens"),
    path("api-sleutels/<int:token_id>/intrekken/", pages.token_revoke, name="token_revoke"),
    path("api-documentatie/", pages.documentation, name="documentation"),
]

urlpatterns = [*api_patterns, *page_patterns, re_path(r"^api/", problems.not_found, name="not_found")]

# Issue 16: the decisions that end a plan and their letters, a person looked up without personal data in
# the URI, the realisation tables and report, the evaluator's tables (before the catch-all, which stays last).
urlpatterns[-1:-1] = [
    *letters_of_plan("afsluitbesluiten", "decision_id", views_letters.ClosingDecisionList,
                     views_letters.ClosingDecisionDetail, views_letters.ClosingLetter, "closing_decision"),
    path(V1 + "plannen/<int:plan_id>/deelnemers/_zoek", views_lookup.ParticipantLookup.as_view(),
         name="participant_lookup"),
    path(V1 + "rapportages/realisatie", views_reports.RealisationTables.as_view(), name="realisation"),
    path(V1 + "rapportages/realisatie/rapport", views_reports.RealisationReport.as_view(), name="realisation_report"),
    path(V1 + "evaluatie/uitkomsten", views_reports.EvaluationOutcomes.as_view(), name="evaluation_outcomes"),
    path(V1 + "evaluatie/netto-effecten", views_reports.EvaluationEffects.as_view(), name="evaluation_effects"),
]
