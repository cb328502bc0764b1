import type { Customer } from '../domain/directory.js';
import type { PsaCompany } from '../adapters/psa/psa-api.js';

export interface MappingSuggestion {
  company: PsaCompany;
  tenantId: string;
  customerName: string;
  /** 0–1: a shared domain is near certain, an identical name likely, overlapping words a guess to check. */
  confidence: number;
  why: 'domain' | 'name' | 'similar name';
}

const SUFFIXES = new Set(['inc', 'ltd', 'llc', 'gmbh', 'corp', 'corporation', 'co', 'limited', 'plc', 'bv', 'ag', 'sa', 'the']);
const words = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !SUFFIXES.has(w));
/** adatum.onmicrosoft.com and adatum.com share "adatum": the tenant's first label is the company's usual name. */
const label = (domain: string) => domain.toLowerCase().split('.')[0]!;

/** The best directory customer for each PSA company, if any looks alike; never applied by itself. */
export function suggestMappings(companies: PsaCompany[], customers: Customer[]): MappingSuggestion[] {
  const out: MappingSuggestion[] = [];
  for (const company of companies) {
    let best: MappingSuggestion | null = null;
    for (const customer of customers) {
      const candidate = judge(company, customer);
      if (candidate && (!best || candidate.confidence > best.confidence)) best = candidate;
    }
    if (best) out.push(best);
  }
  return out;
}

function judge(company: PsaCompany, customer: Customer): MappingSuggestion | null {
  const base = { company, tenantId: customer.tenantId, customerName: customer.name };
  if (
    company.domain &&
    (company.domain === customer.defaultDomain.toLowerCase() || label(company.domain) === label(customer.defaultDomain))
  ) {
    return { ...base, confidence: 0.95, why: 'domain' };
  }
  const a = words(company.name);
  const b = words(customer.name);
  if (a.length && a.join(' ') === b.join(' ')) return { ...base, confidence: 0.9, why: 'name' };
  const shared = a.filter((w) => b.includes(w)).length;
  const overlap = shared / new Set([...a, ...b]).size;
  return overlap >= 0.5 ? { ...base, confidence: Math.round(overlap * 70) / 100, why: 'similar name' } : null;
}
