// GENERATED FILE - do not edit by hand.
//
// Source: MicrosoftDocs/entra-docs, docs/identity/role-based-access-control/permissions-reference.md
//   at commit 00fe95d60143bbf5f832cdd8bb74765b182c2d8f, together with the role include files it pulls in
//   (copies and per-file commits under data/entra/, see data/entra/SOURCE.md).
// Regenerate: npm run roles:generate   (node scripts/generate-support-roles.mjs; add --check to verify)
//
// Every Entra built-in role whose permissions include microsoft.office365.supportTickets/allEntities/allTasks
// (docs/rules.md, rule 6: it files Microsoft 365 / EMS / Dynamics support requests), sorted by name.

export interface SupportTicketRole {
  /** Entra role template id, lower-case. */
  readonly templateId: string;
  /** Display name in the permissions reference (display text only: match by template id). */
  readonly name: string;
}

export const SUPPORT_TICKET_ROLES_SOURCE = {
  repository: 'MicrosoftDocs/entra-docs',
  path: 'docs/identity/role-based-access-control/permissions-reference.md',
  commit: '00fe95d60143bbf5f832cdd8bb74765b182c2d8f',
} as const;

export const SUPPORT_TICKET_ROLES: readonly SupportTicketRole[] = [
  { templateId: 'd2562ede-74db-457e-a7b6-544e236ebb61', name: 'AI Administrator' },
  { templateId: 'db506228-d27e-4b7d-95e5-295956d6615f', name: 'Agent ID Administrator' },
  { templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', name: 'Application Administrator' },
  { templateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', name: 'Authentication Administrator' },
  { templateId: '7495fdc4-34c4-4d15-a289-98788ce399fd', name: 'Azure Information Protection Administrator' },
  { templateId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe', name: 'Billing Administrator' },
  { templateId: '158c047a-c907-4556-b7ef-446551a6b5f7', name: 'Cloud Application Administrator' },
  { templateId: '17315797-102d-40b4-93e0-432062caca18', name: 'Compliance Administrator' },
  { templateId: 'e6d1a23a-da11-4be4-9570-befc86d067a7', name: 'Compliance Data Administrator' },
  { templateId: '8329153b-31d0-4727-b945-745eb3bc5f31', name: 'Domain Name Administrator' },
  { templateId: 'e93e3737-fa85-474a-aee4-7d3fb86510f3', name: 'Dragon Administrator' },
  { templateId: '44367163-eba1-44c3-98af-f5787879f96a', name: 'Dynamics 365 Administrator' },
  { templateId: '3f1acade-1e04-4fbc-9b69-f0302cd84aef', name: 'Edge Administrator' },
  { templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de', name: 'Exchange Administrator' },
  { templateId: '49eb8f75-97e9-4e37-9b2b-6c3ebfcffa31', name: 'Exchange Backup Administrator' },
  { templateId: 'a9ea8996-122f-4c74-9520-8edcd192826c', name: 'Fabric Administrator' },
  { templateId: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' },
  { templateId: 'ac434307-12b9-4fa1-a708-88bf58caabc1', name: 'Global Secure Access Administrator' },
  { templateId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c', name: 'Groups Administrator' },
  { templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8', name: 'Helpdesk Administrator' },
  { templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', name: 'Hybrid Identity Administrator' },
  { templateId: 'eb1f4a8d-243a-41f0-9fbd-c7cdf6c5ef7c', name: 'Insights Administrator' },
  { templateId: '25df335f-86eb-4119-b717-0ff02de207e9', name: 'Insights Analyst' },
  { templateId: '3a2c62db-5318-420d-8d74-23affee5d9d5', name: 'Intune Administrator' },
  { templateId: '74ef975b-6605-40af-a5d2-b9539d836353', name: 'Kaizala Administrator' },
  { templateId: 'b5a8dcf3-09d5-43a9-a639-8e29ef291470', name: 'Knowledge Administrator' },
  { templateId: '744ec460-397e-42ad-a462-8b3f9747a02c', name: 'Knowledge Manager' },
  { templateId: '1707125e-0aa2-4d4d-8655-a7c786c76a25', name: 'Microsoft 365 Backup Administrator' },
  { templateId: '8c8b803f-96e1-4129-9349-20738d9f9652', name: 'Microsoft 365 Migration Administrator' },
  { templateId: 'ee67aa9c-e510-4759-b906-227085a7fd4d', name: 'Microsoft Graph Data Connect Administrator' },
  { templateId: '1501b917-7653-4ff9-a4b5-203eaf33784f', name: 'Microsoft Hardware Warranty Administrator' },
  { templateId: '281fe777-fb20-4fbb-b7a3-ccebce5b0d96', name: 'Microsoft Hardware Warranty Specialist' },
  { templateId: '2b745bdf-0803-4d80-aa65-822c4493daac', name: 'Office Apps Administrator' },
  { templateId: '9d70768a-0cbc-4b4c-aea3-2e124b2477f4', name: 'Organizational Data Source Administrator' },
  { templateId: '4ba39ca4-527c-499a-b93d-d9b492c50246', name: 'Partner Tier1 Support' },
  { templateId: 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', name: 'Partner Tier2 Support' },
  { templateId: '11648597-926c-4cf3-9c36-bcebb0ba8dcc', name: 'Power Platform Administrator' },
  { templateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', name: 'Privileged Authentication Administrator' },
  { templateId: '0964bb5e-9bdb-4d7b-ac29-58e794862a40', name: 'Search Administrator' },
  { templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d', name: 'Security Administrator' },
  { templateId: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', name: 'Security Operator' },
  { templateId: 'f023fd81-a637-4b56-95fd-791ac0226033', name: 'Service Support Administrator' },
  { templateId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', name: 'SharePoint Administrator' },
  { templateId: '99009c4a-3b3f-4957-82a9-9d35e12db77e', name: 'SharePoint Advanced Management Administrator' },
  { templateId: '9d3e04ba-3ee4-4d1b-a3a7-9aef423a09be', name: 'SharePoint Backup Administrator' },
  { templateId: '1a7d78b6-429f-476b-b8eb-35fb715fffd4', name: 'SharePoint Embedded Administrator' },
  { templateId: '75941009-915a-4869-abe7-691bff18279e', name: 'Skype for Business Administrator' },
  { templateId: '69091246-20e8-4a56-aa4d-066075b2a7a8', name: 'Teams Administrator' },
  { templateId: 'baf37b3a-610e-45da-9e62-d9d1e5e8914b', name: 'Teams Communications Administrator' },
  { templateId: 'aa38014f-0993-46e9-9b45-30501a20909d', name: 'Teams Telephony Administrator' },
  { templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', name: 'User Administrator' },
  { templateId: '0ec3f692-38d6-4d14-9e69-0377ca7797ad', name: 'Viva Glint Tenant Administrator' },
  { templateId: '92b086b3-e367-4ef2-b869-1de128fb986e', name: 'Viva Goals Administrator' },
  { templateId: '87761b17-1ed2-4af3-9acd-92a150038160', name: 'Viva Pulse Administrator' },
  { templateId: '11451d60-acb2-45eb-a7d6-43d0f0125c13', name: 'Windows 365 Administrator' },
  { templateId: '810a2642-a034-447f-a5e8-41beaa378541', name: 'Yammer Administrator' },
];
