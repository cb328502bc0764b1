import type { BenchResults } from './run.js';
import { holds, table, targetRows, type Target } from './support/report.js';
import { storageCalls } from './support/tally.js';

const f1 = (n: number) => n.toFixed(1);

/** The targets of issue 8, each read from its figure; a figure that failed or did not run shows as "not run". */
export function targets(r: BenchResults): Target[] {
  const rt = r.roundTrips;
  const m365 = rt?.perChannel[0];
  const tp = r.throughput;
  const lat = r.intakeLatency;
  const storm = r.incidentStorm;
  const cold = r.coldStart;
  const dir = r.directoryScale;
  const scan = r.accessScan;
  return [
    {
      figure: '1 round trips / ticket',
      ratioField: 'roundTripRatio',
      ratio: rt?.roundTripRatio ?? null,
      op: '<=',
      value: 1,
      measured: m365 ? `${m365.storageRoundTrips} storage, ${m365.brokerOps} broker ops (m365)` : '—',
      baseline: `${rt?.targetRoundTrips ?? 6} (issue 8 target)`,
    },
    {
      figure: '2 pipeline throughput',
      ratioField: 'throughputRatio',
      ratio: tp?.throughputRatio ?? null,
      op: '>=',
      value: 0.5,
      measured: tp ? `${f1(tp.ticketsPerSecond)} tickets/s (${tp.recorded}/${tp.tickets} recorded)` : '—',
      baseline: tp
        ? `floor ${f1(tp.baseline.floorTicketsPerSecond)}/s = ${Math.round(tp.baseline.writesPerSecond)} writes/s ÷ ${f1(tp.storageRoundTripsPerTicket)}`
        : '—',
    },
    {
      figure: `3 intake p99 @${lat?.rate ?? 200}/s`,
      ratioField: 'p99Ratio',
      ratio: lat?.p99Ratio ?? null,
      op: '<=',
      value: 2,
      also: {
        what: 'zero errors at ≥ 95% of the rate',
        ok: (lat?.zeroErrors ?? false) && (lat?.relay.achievedRate ?? 0) >= 0.95 * (lat?.rate ?? 200),
      },
      measured: lat
        ? `p50 ${lat.relay.p50} / p95 ${lat.relay.p95} / p99 ${lat.relay.p99} ms, ${lat.relay.achievedRate}/s, ${lat.relay.non2xx + lat.relay.errors + lat.relay.timeouts} errors`
        : '—',
      baseline: lat
        ? `p50 ${lat.baseline.p50} / p95 ${lat.baseline.p95} / p99 ${lat.baseline.p99} ms, ${lat.baseline.achievedRate}/s`
        : '—',
    },
    {
      figure: '4 incident storm',
      ratioField: 'stormRatio',
      ratio: storm?.stormRatio ?? null,
      op: '>=',
      value: null,
      also: {
        what: `all ${storm?.target ?? ''} held, none lost, released once`,
        ok: (storm?.allHeldNoneLostReleasedOnce ?? false) && storm?.submitted === storm?.target,
      },
      measured: storm
        ? `${storm.heldWithIncident}/${storm.accepted} held, ${storm.lost} lost, drain ${f1(storm.drainSeconds)} s; release drained ${f1(storm.release.seconds)} s, ${storm.release.closed} closed (${storm.release.closedTwice}/${storm.release.sampled} sampled closed twice)`
        : '—',
      baseline: storm ? `floor ${f1(storm.baseline.floorTicketsPerSecond)} tickets/s` : '—',
    },
    {
      figure: '5 cold start',
      ratioField: 'coldStartRatio',
      ratio: cold?.coldStartRatio ?? null,
      op: '<=',
      value: 1.5,
      measured: cold ? `${cold.appMs} ms (${cold.functionFiles} files, median of ${cold.runs})` : '—',
      baseline: cold ? `${cold.baselineMs} ms hello world` : '—',
    },
    {
      figure: '6 directory scale',
      ratioField: 'directoryScaleRatio',
      ratio: dir?.directoryScaleRatio ?? null,
      op: '≈',
      value: 1,
      tolerance: 0.25,
      measured: dir ? `${dir.large.microsecondsPerDecision} µs/decision at ${dir.large.customers}` : '—',
      baseline: dir ? `${dir.small.microsecondsPerDecision} µs at ${dir.small.customers}` : '—',
    },
    {
      figure: '7 access scan',
      ratioField: 'accessScanRatio',
      ratio: scan?.accessScanRatio ?? null,
      op: '>=',
      value: null,
      also: {
        what: "a scan of the partner's customers within 120 s",
        ok: scan !== undefined && scan.firstScanSeconds <= 120 && scan.steadyScanSeconds <= 120,
      },
      measured: scan
        ? `${scan.customers} customers: first scan ${f1(scan.firstScanSeconds)} s, steady ${f1(scan.steadyScanSeconds)} s (${scan.customersPerSecond}/s)`
        : '—',
      baseline: scan ? `directory read ${f1(scan.directoryReadSeconds)} s` : '—',
    },
  ];
}

export function printSummary(r: BenchResults, out: string): void {
  if (r.roundTrips) {
    console.log(
      '\nRound trips for one ticket (steady state: partner, directory pointer, health snapshot and tool cached; the customer not)',
    );
    const stageCell = (c: { read: number; write: number; transaction: number; query: number } | undefined) =>
      c
        ? `${storageCalls({ ...c, send: 0, receive: 0, settle: 0 })} (${c.read}r ${c.transaction}t${c.write ? ` ${c.write}w` : ''}${c.query ? ` ${c.query}q` : ''})`
        : '0';
    const stages = ['http', 'eligibility', 'routing', 'recording', 'notifications'];
    const rows = [...r.roundTrips.perChannel, r.roundTrips.coldM365].map((c) => [
      c.channel,
      c.outcome + (c.asExpected ? '' : ' (UNEXPECTED)'),
      String(c.storageRoundTrips),
      ...stages.map((s) => stageCell(c.byStage[s])),
      String(c.brokerOps),
    ]);
    console.log(
      table(['channel', 'outcome', 'storage', 'intake', 'eligibility', 'routing', 'recording', 'notifications', 'broker ops'], rows),
    );
  }
  console.log('\nFigures against their baselines');
  const ts = targets(r);
  console.log(table(['figure', 'measured', 'baseline', 'ratio', 'target', 'verdict'], targetRows(ts)));
  for (const p of r.projection?.paths ?? []) {
    console.log(
      `\nProjection (${p.path}): ${p.storageTransactionsPerTicket} storage transactions → $${p.storageUsdPerMillionTickets} per million tickets; ` +
        `${p.serviceBusOpsPerTicket} Service Bus ops → $${p.serviceBusUsdPerMillionTicketsMarginal} per million tickets beyond the included 13M ops ` +
        `(+ $${p.serviceBusBaseUsdPerMonth}/month base). Ceilings: ${p.perPartnerTicketsPerSecond} tickets/s per partner ` +
        `(${p.partnerPartitionEntitiesPerTicket} entities in its partition), ` +
        (p.allPartnersToolsTicketsPerSecond === null
          ? 'tools table off the hot path (cached), '
          : `${p.allPartnersToolsTicketsPerSecond}/s for all partners (tools partition), `) +
        `${p.serviceBusNamespaceTicketsPerSecond}/s per Service Bus Standard namespace.`,
    );
  }
  for (const [figure, message] of Object.entries(r.errors)) console.log(`\n${figure} failed: ${message}`);
  const held = ts.filter((t) => holds(t)).length;
  console.log(`\n${held} of ${ts.length} targets hold. Results: ${out}`);
}
