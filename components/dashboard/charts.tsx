"use client";

import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * Thin wrappers over recharts so dashboard panels pass plain data (server components cannot hold charts). No
 * animation: figures show at once, for people who prefer reduced motion and for screenshots. Each SVG is an
 * image named by `label` (its <title> too), and `summary` says in words what it shows.
 */
type Labelled = { label: string; summary?: string };

const svgName = ({ label, summary }: Labelled) => ({ role: "img", "aria-label": summary ? `${label}: ${summary}` : label, title: label, desc: summary, accessibilityLayer: false });
const AXIS_TICK = { fontSize: 11, fill: "#475569" };

export function CountBars({ data, xKey, yKey, color = "#1d5fd6", label, summary }: { data: Record<string, string | number>[]; xKey: string; yKey: string; color?: string } & Labelled) {
  return (
    <figure className="h-48">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} {...svgName({ label, summary })}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={xKey} tick={AXIS_TICK} />
          <YAxis allowDecimals={false} tick={AXIS_TICK} width={32} />
          <Tooltip />
          <Bar dataKey={yKey} fill={color} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function TrendLine({ data, xKey, yKey, color = "#1d5fd6", label, summary, unit }: { data: Record<string, string | number>[]; xKey: string; yKey: string; color?: string; unit?: string } & Labelled) {
  return (
    <figure className="h-48">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} {...svgName({ label, summary })}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={xKey} tick={AXIS_TICK} />
          <YAxis allowDecimals={false} tick={AXIS_TICK} width={40} unit={unit} />
          <Tooltip />
          <Line type="monotone" dataKey={yKey} stroke={color} strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export type Series = { key: string; label: string; color: string; total: number };

/** Bars stacked by series (e.g. runs per day by outcome), with a legend in text that gives each series' total. */
export function StackedBars({ data, xKey, series, label, summary }: { data: Record<string, string | number>[]; xKey: string; series: readonly Series[] } & Labelled) {
  return (
    <figure className="space-y-2">
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} {...svgName({ label, summary })}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey={xKey} tick={AXIS_TICK} />
            <YAxis allowDecimals={false} tick={AXIS_TICK} width={32} />
            <Tooltip />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="all" fill={s.color} stroke="#ffffff" strokeWidth={1} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <ul aria-label={`Legend of ${label}`} className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" data-testid="chart-legend">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5" data-series={s.key}>
              <span aria-hidden className="inline-block h-3 w-3 rounded-sm" style={{ backgroundColor: s.color }} />
              {s.label}: {s.total}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
