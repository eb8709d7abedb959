/** The report's stylesheet: screen first, with a print section sized for A4. No web fonts. */

/** Print geometry shared with the page script, which resizes charts before printing. */
export const PRINT_CHART_MM = { width: 84, height: 62 };

export const CSS = `
:root {
  --ink: #1d2330; --muted: #5d6677; --faint: #8a92a3; --line: #e2e5ea; --paper: #ffffff; --bg: #f3f4f7;
  --accent: #3d6a99; --ok: #17663a; --ok-bg: #e3f3e8; --bad: #b3261e; --bad-bg: #fdeceb; --code-bg: #f0f2f5;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  --mono: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.55 var(--sans); }
.page { max-width: 1240px; margin: 0 auto; padding: 28px 28px 48px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: var(--mono); font-size: 0.88em; }
code { background: var(--code-bg); padding: 1px 5px; border-radius: 4px; }
h1, h2, h3 { line-height: 1.25; margin: 0; }
h1 { font-size: 26px; letter-spacing: -0.01em; }
h2 { font-size: 22px; letter-spacing: -0.01em; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 26px 0 10px; font-weight: 650; }
p { margin: 0 0 0.7em; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 24px 28px; margin-top: 22px; box-shadow: 0 1px 2px rgba(20, 30, 50, 0.04); }
.card:first-child { margin-top: 0; }
.eyebrow { font-size: 12.5px; color: var(--muted); letter-spacing: 0.02em; margin-bottom: 6px; }
.subtitle { color: var(--muted); margin: 6px 0 0; max-width: 70ch; }

/* Header */
.meta { display: grid; grid-template-columns: 2fr 1fr 1fr 1fr; gap: 12px 28px; margin: 20px 0 0; }
.meta div { min-width: 0; }
.meta dt { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.meta dd { margin: 2px 0 0; overflow-wrap: anywhere; }
.meta .wide { grid-column: 1 / -1; }
.meta .wide code { white-space: pre-wrap; word-break: break-all; display: inline-block; }
.tally { display: flex; align-items: center; flex-wrap: wrap; gap: 10px; margin: 22px 0 4px; font-size: 17px; }
.tally strong { font-size: 20px; }

/* Verdict pills */
.pill { display: inline-block; white-space: nowrap; font-weight: 650; font-size: 12.5px; border-radius: 999px; padding: 2px 10px; line-height: 1.6; }
.pill.ok { color: var(--ok); background: var(--ok-bg); }
.pill.bad { color: var(--bad); background: var(--bad-bg); border: 1px solid #f3b7b2; }
.pill.none { color: var(--muted); background: var(--code-bg); }

/* Tables */
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th { text-align: left; font-size: 12px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; padding: 6px 10px; border-bottom: 1.5px solid var(--line); vertical-align: bottom; }
td { padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
td.status { width: 1%; white-space: nowrap; }
td.measured, td.band { white-space: nowrap; font-family: var(--mono); font-size: 13.5px; }
tr.fails td { background: var(--bad-bg); }
tr.fails td.measured { color: var(--bad); font-weight: 700; }
.claim-note { display: block; color: var(--muted); font-size: 13px; margin-top: 3px; }
table.summary td.study { width: 22%; font-weight: 600; }
table.summary tr.group-start td { border-top: 1.5px solid var(--line); }
table.summary tr.cont td.study { color: transparent; }
table.runs { font-size: 13.5px; }
table.runs td { padding: 6px 10px; }
td.run { white-space: nowrap; }
td.setup { color: var(--muted); font-size: 13px; min-width: 180px; }
td.more { font-size: 13px; min-width: 240px; }
td.more .k { color: var(--muted); }
td.more .sep { color: var(--faint); }
.runs-common { color: var(--muted); font-size: 13px; margin: 0 0 6px; }
.runs-common + .table-scroll { margin-top: 0; }
.table-scroll + .runs-common { margin: 6px 0 0; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 3px; margin-right: 7px; vertical-align: -1px; }
.table-scroll { overflow-x: auto; }

/* Studies */
.study-head h2 { margin-top: 2px; }
.question { font-size: 17px; margin: 12px 0 0; padding: 10px 16px; border-left: 4px solid var(--accent); background: #f5f8fc; border-radius: 0 6px 6px 0; max-width: 90ch; }
.study .tally { font-size: 15px; margin: 14px 0 0; }
.explanation { max-width: 90ch; }
.refs { margin: 0; padding-left: 22px; color: var(--ink); font-size: 14px; }
.refs li { margin: 3px 0; }

/* Charts */
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 18px; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px 10px; background: var(--paper); min-width: 0; }
figure.chart figcaption { font-weight: 650; font-size: 14.5px; margin-bottom: 6px; }
.box { position: relative; height: 300px; width: 100%; }
.box.empty { display: flex; align-items: center; justify-content: center; color: var(--faint); font-style: italic; height: 120px; border: 1px dashed var(--line); border-radius: 6px; }
.notes { margin: 8px 0 0; padding: 0; list-style: none; font-size: 12.5px; color: var(--muted); }
.notes li { padding-left: 18px; position: relative; margin-top: 2px; }
.notes li::before { content: "⚠"; position: absolute; left: 0; color: #b26a00; }
.warn { color: var(--bad); }

footer { margin-top: 28px; color: var(--muted); font-size: 13px; text-align: center; }
footer p { margin: 2px 0; }

@media (max-width: 760px) { .meta { grid-template-columns: 1fr 1fr; } }
@media (max-width: 620px) {
  .page { padding: 14px 10px 32px; }
  .card { padding: 16px; }
  .charts { grid-template-columns: 1fr; }
  .box { height: 240px; }
}

/* Print: A4, white, one study per page, two charts per row. */
@page { size: A4; margin: 13mm 12mm 14mm; }
@media print {
  :root { --bg: #fff; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10pt; line-height: 1.4; }
  .page { max-width: none; padding: 0; }
  .card { border: none; box-shadow: none; padding: 0; margin: 0; border-radius: 0; }
  section.study { break-before: page; }
  h1 { font-size: 18pt; } h2 { font-size: 15pt; } h3 { font-size: 8.5pt; margin: 5mm 0 2mm; break-after: avoid; }
  .question { font-size: 11pt; background: none; padding: 1mm 0 1mm 4mm; }
  .meta { grid-template-columns: 2fr 1fr 1fr 1fr; }
  .charts { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 4mm; }
  figure.chart { break-inside: avoid; padding: 2mm 2.5mm; border-color: #d5d9df; }
  figure.chart figcaption { font-size: 9.5pt; }
  .box { height: ${PRINT_CHART_MM.height}mm; }
  .notes { font-size: 8pt; }
  table { font-size: 9pt; }
  table.runs { font-size: 7.5pt; }
  table.runs td { white-space: normal; overflow-wrap: break-word; }
  table.runs td.num { white-space: nowrap; }
  table.runs td.setup, table.runs td.more { overflow-wrap: anywhere; }
  td.setup, td.more { font-size: 7.5pt; min-width: 0; }
  .runs-common { font-size: 8pt; }
  th { font-size: 7.5pt; }
  td { padding: 1.5mm 2mm; }
  td.measured, td.band { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  a { color: inherit; }
  .table-scroll { overflow: visible; }
  footer { break-before: avoid; }
}
`;
