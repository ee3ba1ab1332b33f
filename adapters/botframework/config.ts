/** What the Bot Framework route needs to know (parsed by the server's config). */

export interface BotFrameworkConfig {
  /** Empty: unauthenticated (Emulator, local tests). */
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  MicrosoftAppTenantId: string;
}
