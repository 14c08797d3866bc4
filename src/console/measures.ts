// The supervisor's measures page: the controls (dates, weeks or months, channel, journey), then each measure as a
// chart with its figures in a table beside it and a CSV link. The tables are the page's own HTML, so the figures
// are there without script; /console/charts.js draws the charts from the same figures (a JSON block, not script).
import type { MeasureResult, MeasureQuery } from "../measures";
import { CHANNELS, JOURNEYS } from "../measures";
import type { Staff } from "../staff/accounts";
import { escapeHtml } from "../http/html";

const CHANNEL_LABELS: Record<string, string> = { sms: "SMS", whatsapp: "WhatsApp", webchat: "Web chat", microsoft: "Microsoft Teams" };
const JOURNEY_LABELS: Record<string, string> = {
  repair: "Repairs",
  asb: "Noise and nuisance",
  complaint: "Complaints",
  payment: "Rent and payments",
  safeguarding: "Safeguarding",
  request: "Other requests",
};

/** "Nov 2026" for a month; "w/c 2 Nov 2026" for a week. */
export function periodLabel(period: string, interval: MeasureQuery["interval"]): string {
  const date = new Date(`${period}T12:00:00Z`);
  const options: Intl.DateTimeFormatOptions =
    interval === "month" ? { month: "short", year: "numeric", timeZone: "UTC" } : { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
  const text = date.toLocaleDateString("en-GB", options);
  return interval === "month" ? text : `w/c ${text}`;
}

function figure(value: number | null, suppressed: boolean, unit: string): string {
  if (suppressed) return "fewer than 5";
  if (value === null) return "none";
  return unit === "percent" ? `${value}%` : String(value);
}

function select(name: string, label: string, choices: [string, string][], chosen: string | undefined): string {
  return `<div class="control"><label for="${name}">${label}</label>
<select id="${name}" name="${name}">${choices
    .map(([value, text]) => `<option value="${escapeHtml(value)}"${value === (chosen ?? "") ? " selected" : ""}>${escapeHtml(text)}</option>`)
    .join("")}</select></div>`;
}

function queryString(query: MeasureQuery): string {
  const params = new URLSearchParams({ from: query.from, to: query.to, interval: query.interval });
  if (query.channel) params.set("channel", query.channel);
  if (query.journey) params.set("journey", query.journey);
  return params.toString();
}

function measureSection(result: MeasureResult, query: MeasureQuery): string {
  const heading = `measure-${result.id}`;
  const byKey = new Map(result.points.map((point) => [`${point.period}|${point.series}`, point]));
  const rows = result.periods
    .map((period) => {
      const cells = result.series.map((series) => {
        const point = byKey.get(`${period}|${series}`)!;
        const counts = result.kind === "percent" && point.denominator ? ` <span class="counts">(${point.numerator} of ${point.denominator})</span>` : "";
        return `<td>${escapeHtml(figure(point.value, point.suppressed, result.unit))}${counts}</td>`;
      });
      return `<tr><th scope="row">${escapeHtml(periodLabel(period, query.interval))}</th>${cells.join("")}</tr>`;
    })
    .join("\n");
  const ignored = result.filtersIgnored.length
    ? `<p class="ignored">Not split by ${result.filtersIgnored.join(" or ")}: this measure cannot tell.</p>`
    : "";
  return `<section class="measure" aria-labelledby="${heading}">
  <h2 id="${heading}">${escapeHtml(result.name)}</h2>
  <p>${escapeHtml(result.definition)} <span class="source">From: ${escapeHtml(result.source)}.</span></p>
  ${ignored}
  <div class="measure-body">
    <figure class="chart">
      <canvas id="chart-${result.id}" data-measure="${result.id}" role="img" aria-label="Chart of ${escapeHtml(result.name)} (${escapeHtml(result.unit)}); the figures are in the table beside it"></canvas>
    </figure>
    <div class="measure-table">
      <table>
        <caption>${escapeHtml(result.name)}: ${escapeHtml(result.unit)}</caption>
        <thead><tr><th scope="col">Period</th>${result.series.map((series) => `<th scope="col">${escapeHtml(series)}</th>`).join("")}</tr></thead>
        <tbody>
${rows}
        </tbody>
      </table>
      <p><a href="/api/measures/${result.id}/csv?${escapeHtml(queryString(query))}" download>Download ${escapeHtml(result.name)} as CSV</a></p>
    </div>
  </div>
</section>`;
}

export function measuresPage(staff: Staff, query: MeasureQuery, results: MeasureResult[], error?: string): string {
  // Figures for the charts: JSON in a block the browser never runs, with "<" escaped so no text can end the block.
  const data = JSON.stringify({
    labels: results[0]?.periods.map((period) => periodLabel(period, query.interval)) ?? [],
    measures: results.map(({ id, name, unit, series, periods, points }) => ({ id, name, unit, series, periods, points: points.map(({ period, series: name, value }) => ({ period, series: name, value })) })),
  }).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Measures - staff console</title>
<link rel="stylesheet" href="/console/console.css">
</head>
<body>
<header class="top">
  <h1>Measures</h1>
  <p>Signed in as ${escapeHtml(staff.name)} (${escapeHtml(staff.role)}) <a href="/console">Back to the queue</a></p>
</header>
<main class="measures">
<form class="measure-controls" method="get" action="/console/measures" aria-label="Choose the figures">
  <div class="control"><label for="from">From</label><input id="from" name="from" type="date" value="${escapeHtml(query.from)}" required></div>
  <div class="control"><label for="to">To</label><input id="to" name="to" type="date" value="${escapeHtml(query.to)}" required></div>
  ${select("interval", "Group by", [["month", "Month"], ["week", "Week"]], query.interval)}
  ${select("channel", "Channel", [["", "Every channel"], ...CHANNELS.map((channel): [string, string] => [channel, CHANNEL_LABELS[channel]!])], query.channel)}
  ${select("journey", "Journey", [["", "Every journey"], ...JOURNEYS.map((journey): [string, string] => [journey, JOURNEY_LABELS[journey]!])], query.journey)}
  <button type="submit">Show</button>
</form>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<p>Counts from 1 to 4 are shown as "fewer than 5": they could point to a tenant. Definitions and sources are in the
README's Measures section; the same figures are at GET /api/measures.</p>
<nav aria-label="Measures on this page"><ul class="measure-index">${results.map((result) => `<li><a href="#measure-${result.id}">${escapeHtml(result.name)}</a></li>`).join("")}</ul></nav>
${results.map((result) => measureSection(result, query)).join("\n")}
</main>
<script type="application/json" id="measure-data">${data}</script>
<script src="/console/vendor/chart.umd.min.js" defer></script>
<script src="/console/charts.js" defer></script>
</body>
</html>`;
}
