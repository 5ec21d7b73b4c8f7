import { Route, Routes } from 'react-router';
import { ForgotPasswordPage } from '../modules/identity/pages/ForgotPasswordPage';
import { InvitationPage } from '../modules/identity/pages/InvitationPage';
import { LoginPage } from '../modules/identity/pages/LoginPage';
import { ProfilePage } from '../modules/identity/pages/ProfilePage';
import { ResetPasswordPage } from '../modules/identity/pages/ResetPasswordPage';
import { AssessmentPage } from '../modules/assessments/pages/AssessmentPage';
import { AssessmentResultsPage } from '../modules/assessments/pages/AssessmentResultsPage';
import { AssessmentsPage } from '../modules/assessments/pages/AssessmentsPage';
import { AssetsPage } from '../modules/assets/pages/AssetsPage';
import { AuditPage } from '../modules/operations/pages/AuditPage';
import { MailboxPage } from '../modules/operations/pages/MailboxPage';
import { CompaniesPage } from '../modules/organizations/pages/CompaniesPage';
import { CompanyPage } from '../modules/organizations/pages/CompanyPage';
import { MembersPage } from '../modules/organizations/pages/MembersPage';
import { SecretariatPage } from '../modules/organizations/pages/SecretariatPage';
import { CampaignResultsPage } from '../modules/phishing/pages/CampaignResultsPage';
import { PhishingPage } from '../modules/phishing/pages/PhishingPage';
import { LessonPage } from '../modules/phishing/pages/LessonPage';
import { RisksPage } from '../modules/risks/pages/RisksPage';
import { BcpPage } from '../modules/bcp/pages/BcpPage';
import { ImpactPage } from '../modules/impact/pages/ImpactPage';
import { DocumentPage } from '../modules/documents/pages/DocumentPage';
import { DocumentsPage } from '../modules/documents/pages/DocumentsPage';
import { IncidentPage } from '../modules/incidents/pages/IncidentPage';
import { IncidentsPage } from '../modules/incidents/pages/IncidentsPage';
import { PublicReportPage } from '../modules/incidents/pages/PublicReportPage';
import { ImprovementPage } from '../modules/improvement/pages/ImprovementPage';
import { StartersPage } from '../modules/starters/pages/StartersPage';
import { AfterActionPage } from '../modules/exercises/pages/AfterActionPage';
import { EvaluatorPage } from '../modules/exercises/pages/EvaluatorPage';
import { ExercisePlanPage } from '../modules/exercises/pages/ExercisePlanPage';
import { ExercisesPage } from '../modules/exercises/pages/ExercisesPage';
import { FacilitatorConsolePage } from '../modules/exercises/pages/FacilitatorConsolePage';
import { ProjectorPage } from '../modules/exercises/pages/ProjectorPage';
import { SeatPage } from '../modules/exercises/pages/SeatPage';
import { ProgramSummaryPage } from '../modules/programs/pages/ProgramSummaryPage';
import { ProgramsPage } from '../modules/programs/pages/ProgramsPage';
import { CsirtPage } from '../modules/csirt/pages/CsirtPage';
import { HomePage } from './HomePage';
import { NotFoundPage } from './NotFoundPage';
import { PublicLayout } from './PublicLayout';
import { RequireAuth } from './RequireAuth';

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/invite/:token" element={<InvitationPage />} />
        <Route path="/seat/:token" element={<SeatPage />} />
      </Route>
      <Route element={<PublicLayout wide />}>
        <Route path="/report/:slug" element={<PublicReportPage />} />
        <Route path="/lesson/:token" element={<LessonPage />} />
      </Route>
      <Route element={<RequireAuth />}>
        <Route index element={<HomePage />} />
        <Route path="/companies" element={<CompaniesPage />} />
        <Route path="/companies/:orgId" element={<CompanyPage />} />
        <Route path="/companies/:orgId/members" element={<MembersPage />} />
        <Route path="/companies/:orgId/assessments" element={<AssessmentsPage />} />
        <Route path="/companies/:orgId/assessments/:assessmentId" element={<AssessmentPage />} />
        <Route
          path="/companies/:orgId/assessments/:assessmentId/results"
          element={<AssessmentResultsPage />}
        />
        <Route path="/companies/:orgId/assets" element={<AssetsPage />} />
        <Route path="/companies/:orgId/risks" element={<RisksPage />} />
        <Route path="/companies/:orgId/csirt" element={<CsirtPage />} />
        <Route path="/companies/:orgId/impact" element={<ImpactPage />} />
        <Route path="/companies/:orgId/bcp" element={<BcpPage />} />
        <Route path="/companies/:orgId/documents" element={<DocumentsPage />} />
        <Route path="/companies/:orgId/documents/:kind" element={<DocumentPage />} />
        <Route path="/companies/:orgId/incidents" element={<IncidentsPage />} />
        <Route path="/companies/:orgId/incidents/:incidentId" element={<IncidentPage />} />
        <Route path="/companies/:orgId/improvement" element={<ImprovementPage />} />
        <Route path="/companies/:orgId/starters" element={<StartersPage />} />
        <Route path="/companies/:orgId/exercises" element={<ExercisesPage />} />
        <Route path="/companies/:orgId/exercises/:exerciseId" element={<ExercisePlanPage />} />
        <Route
          path="/companies/:orgId/exercises/:exerciseId/console"
          element={<FacilitatorConsolePage />}
        />
        <Route
          path="/companies/:orgId/exercises/:exerciseId/evaluate"
          element={<EvaluatorPage />}
        />
        <Route
          path="/companies/:orgId/exercises/:exerciseId/projector"
          element={<ProjectorPage />}
        />
        <Route
          path="/companies/:orgId/exercises/:exerciseId/report"
          element={<AfterActionPage />}
        />
        <Route path="/companies/:orgId/phishing" element={<PhishingPage />} />
        <Route
          path="/companies/:orgId/phishing/campaigns/:campaignId"
          element={<CampaignResultsPage />}
        />
        <Route path="/secretariat" element={<SecretariatPage />} />
        <Route path="/programs" element={<ProgramsPage />} />
        <Route path="/programs/:programId/summary" element={<ProgramSummaryPage />} />
        <Route path="/audit" element={<AuditPage />} />
        <Route path="/mailbox" element={<MailboxPage />} />
        <Route path="/mailbox/:messageId" element={<MailboxPage />} />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
