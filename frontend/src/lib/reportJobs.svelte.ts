// Reports are prepared as server jobs (POST …/jobs, then poll): a large
// portfolio's report is drawn in the background while the page stays
// usable. A job whose preview was closed before it finished keeps going and
// is offered in `readyReports` when it is done.

import { api, isAbort, queryString, type Query } from './api';
import { reportTitles, type ReportKind } from './reports';

export interface JobStatus {
  id: string;
  kind: string;
  status: 'running' | 'done' | 'failed';
  error?: string;
}

export interface ReadyReport {
  id: string;
  title: string;
  name: string;
  url: string;
}

/** Reports finished after their preview was closed, newest first. */
export const readyReports = $state<ReadyReport[]>([]);

export function dismissReady(id: string): void {
  const i = readyReports.findIndex((r) => r.id === id);
  if (i >= 0) {
    URL.revokeObjectURL(readyReports[i]!.url);
    readyReports.splice(i, 1);
  }
}

const POLL_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PreparedReport {
  blob: Blob;
  name: string;
}

/**
 * Starts the report and resolves with its PDF. onrunning is called while
 * the server is still drawing it. After detach() the caller no longer
 * waits: the finished report goes to readyReports instead.
 */
export function prepareReport(
  kind: ReportKind,
  query: Query,
  extra: Query,
  onrunning: () => void,
): { result: Promise<PreparedReport>; detach: () => void; cancel: () => void } {
  let detached = false;
  let cancelled = false;
  const ctl = new AbortController();
  const result = (async () => {
    let job = await api.post<JobStatus>(`/api/portal/reports/${kind}/jobs${queryString({ ...query, ...extra })}`, {}, { signal: ctl.signal });
    while (job.status === 'running') {
      if (!detached) onrunning();
      await sleep(POLL_MS);
      if (cancelled) throw new DOMException('cancelled', 'AbortError');
      job = await api.get<JobStatus>(`/api/portal/report-jobs/${job.id}`, extra);
    }
    if (job.status === 'failed') throw new Error(job.error || 'The report could not be prepared.');
    const f = await api.file(`/api/portal/report-jobs/${job.id}/pdf`, extra);
    if (detached && !cancelled) {
      readyReports.unshift({ id: job.id, title: reportTitles[kind], name: f.name, url: URL.createObjectURL(f.blob) });
    }
    return f;
  })();
  // A detached job's failure has no one to tell but the console.
  result.catch((err) => {
    if (detached && !isAbort(err)) console.warn('report job', err);
  });
  return {
    result,
    detach: () => (detached = true),
    cancel: () => {
      cancelled = true;
      ctl.abort();
    },
  };
}
