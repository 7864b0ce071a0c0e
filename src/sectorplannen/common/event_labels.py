"""What audit events and their details say to people: a sentence per event, a label per detail.

The audit trail keeps fixed snake_case names and keyword details (files, API, exports); pages
show these sentences instead (issue 18: no codes, no ``key=value`` on screen).
"""

from django.utils.translation import gettext_lazy as _

from sectorplannen.common.labels import any_label

AUDIT_EVENTS = {
    "account_unlocked": _("Account ontgrendeld"),
    "advance_granted": _("Voorschot verleend (tweede paar ogen)"),
    "advance_letter_viewed": _("Brief over een voorschot bekeken"),
    "advance_paid": _("Voorschot geboekt"),
    "advance_request_refused": _("Voorschotverzoek afgewezen"),
    "advance_requested": _("Voorschot aangevraagd"),
    "api_token_created": _("API-sleutel gemaakt"),
    "api_token_revoked": _("API-sleutel ingetrokken"),
    "api_token_used": _("API-sleutel gebruikt"),
    "application_refused": _("Aanvraag afgewezen"),
    "attachment_added": _("Bijlage toegevoegd"),
    "audit_log_downloaded": _("Logboek gedownload"),
    "backup_made": _("Reservekopie gemaakt"),
    "backup_restored": _("Reservekopie teruggezet"),
    "bsn_decrypted": _("BSN ontsleuteld voor het koppelbestand"),
    "bsn_keys_rotated": _("Sleutels voor BSN's vervangen"),
    "closing_letter_viewed": _("Brief over het einde van de aanvraag bekeken"),
    "decision_approved": _("Besluit goedgekeurd (tweede paar ogen)"),
    "decision_letter_viewed": _("Beschikking bekeken"),
    "decision_proposed": _("Besluit voorbereid"),
    "decision_revised": _("Beschikking herzien"),
    "decision_sent_back": _("Voorstel teruggestuurd"),
    "decision_taken": _("Subsidie verleend"),
    "dossier_updated": _("Dossier van een deelnemer bijgewerkt"),
    "draft_created": _("Concept aangemaakt"),
    "draft_deleted": _("Concept verwijderd"),
    "employer_claim_paid": _("Declaratie van een werkgever betaald"),
    "employer_claim_submitted": _("Declaratie van een werkgever ingediend"),
    "employer_invited": _("Werkgever uitgenodigd voor het plan"),
    "evaluation_output_downloaded": _("Uitkomst van een evaluatie gedownload"),
    "evaluation_run_started": _("Evaluatie gestart vanaf de pagina"),
    "evaluation_table_downloaded": _("Tabel van de evaluatie gedownload"),
    "evidence_downloaded": _("Bewijsstuk gedownload"),
    "evidence_uploaded": _("Bewijsstuk toegevoegd"),
    "final_declaration_submitted": _("Einddeclaratie ingediend"),
    "final_report_saved": _("Eindrapportage bewaard"),
    "final_report_submitted": _("Eindrapportage ingediend"),
    "grant_lapsed": _("Verlening vervallen"),
    "interview_note_recorded": _("Interviewverslag vastgelegd"),
    "linkage_authentication_failed": _("Aanmelding voor het koppelbestand mislukt"),
    "linkage_file_created": _("Koppelbestand gemaakt"),
    "linkage_file_refused": _("Koppelbestand geweigerd"),
    "login": _("Aangemeld"),
    "login_locked": _("Aanmelden geblokkeerd na te veel pogingen"),
    "logout": _("Afgemeld"),
    "net_effects_downloaded": _("Netto-effecten gedownload"),
    "own_funding_recorded": _("Eigen bijdrage vastgelegd"),
    "participants_error_report_downloaded": _("Foutenrapport van een deelnemersupload gedownload"),
    "participants_exported": _("Deelnemersbestand voor de evaluatie gemaakt"),
    "participants_imported": _("Deelnemers geüpload"),
    "participants_upload_cancel_requested": _("Annuleren van een deelnemersupload gevraagd"),
    "participant_looked_up": _("Deelnemer opgezocht (API)"),
    "participants_viewed": _("Deelnemersgegevens bekeken"),
    "partner_survey_answered": _("Partnerenquête ingevuld"),
    "partner_survey_contact_set": _("Contactpersoon voor de partnerenquête opgegeven"),
    "finished_jobs_removed": _("Afgeronde achtergrondtaken opgeruimd"),
    "partner_survey_invited": _("Uitgenodigd voor de partnerenquête"),
    "partnership_settings_changed": _("Werkwijze van het samenwerkingsverband gewijzigd"),
    "plan_settled": _("Subsidie vastgesteld"),
    "plan_started": _("Start van de uitvoering gemeld"),
    "plan_submitted": _("Plan ingediend"),
    "plan_withdrawn": _("Plan ingetrokken"),
    "progress_report_reminded": _("Herinnering voor een te late voortgangsrapportage verstuurd"),
    "progress_report_submitted": _("Voortgangsrapportage ingediend"),
    "proposal_letter_viewed": _("Conceptbrief van een voorstel bekeken"),
    "realisation_report_downloaded": _("Realisatierapport gedownload"),
    "realisation_table_downloaded": _("Tabel van de realisatie gedownload"),
    "reference_imported": _("Gepubliceerde cijfers ingelezen"),
    "reference_plan_recorded": _("Referentieplan vastgelegd"),
    "reminders_sent": _("Herinneringen verstuurd"),
    "retention_applied": _("Bewaartermijn toegepast"),
    "revision_refused": _("Herzieningsverzoek afgewezen"),
    "revision_requested": _("Herziening aangevraagd"),
    "role_granted": _("Rol toegekend"),
    "role_proposed": _("Roltoekenning voorgesteld"),
    "scenario_saved": _("Scenario bewaard"),
    "settlement_run_cancelled": _("Vaststellingsronde geannuleerd"),
    "settlement_run_started": _("Vaststellingsronde gestart"),
    "settlement_letter_viewed": _("Vaststellingsbrief bekeken"),
    "totp_enrolled": _("Tweede factor ingesteld"),
    "totp_reset": _("Tweede factor verwijderd"),
    "user_created": _("Gebruiker aangemaakt"),
    "work_queue_downloaded": _("Werkvoorraad gedownload"),
}
#: Details worth showing on a page, with their label; others stay in the trail and its export.
AUDIT_DETAILS = {
    "status_from": _("van"), "status_to": _("naar"), "version": _("versie"), "kind": _("soort"),
    "rows": _("rijen"), "rows_read": _("rijen gelezen"), "stored": _("opgeslagen"), "rejected": _("afgekeurd"),
    "file": _("bestand"), "filename": _("bestand"), "format": _("formaat"), "table": _("tabel"),
    "reason": _("reden"), "role": _("rol"), "username": _("gebruiker"), "amount_eur": _("bedrag"),
    "paid_on": _("betaald op"), "reference": _("kenmerk"), "measure": _("maatregel"), "block": _("onderdeel"),
    "count": _("aantal"), "persons": _("personen"), "plans": _("plannen"), "scenario": _("scenario"),
    "determined_subsidy_eur": _("vastgestelde subsidie"), "balance_eur": _("saldo"), "late": _("te laat"),
    "second_factor": _("tweede factor"), "date": _("datum"), "sent": _("verstuurd"),
    "filters": _("filters"), "proposal": _("voorstel"), "approved_by": _("goedgekeurd door"),
    "proposed_by": _("voorbereid door"), "measures": _("maatregelen"), "name": _("naam"),
    "month": _("maand"),
}
YES_NO = {True: _("ja"), False: _("nee")}


def event_label(code: str) -> str:
    """The sentence for an audit event; an event without one (added later) reads as words."""
    return str(AUDIT_EVENTS.get(code) or code.replace("_", " ").capitalize())


def event_details(context: dict) -> str:
    """The details of an event that a person needs, as ``label: value`` phrases; codes as labels."""
    from sectorplannen.common.money import format_eur

    parts = []
    for key, label in AUDIT_DETAILS.items():
        if key not in context or context[key] in (None, "", [], {}):
            continue
        value = context[key]
        if isinstance(value, bool):
            text = str(YES_NO[value])
        elif key.endswith("_eur"):
            try:
                text = format_eur(value).replace(" ", "\u00a0")
            except (TypeError, ValueError, ArithmeticError):
                text = str(value)
        elif isinstance(value, list | tuple):
            text = ", ".join(str(any_label(v)) for v in value)
        elif isinstance(value, dict):
            text = ", ".join(f"{any_label(k)} {v}" for k, v in value.items())
        else:
            text = str(any_label(value))
        parts.append(f"{label}: {text}")
    return "; ".join(parts)
