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
import { RisksPage } from '../modules/risks/pages/RisksPage';
import { ProgramSummaryPage } from '../modules/programs/pages/ProgramSummaryPage';
import { ProgramsPage } from '../modules/programs/pages/ProgramsPage';
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
