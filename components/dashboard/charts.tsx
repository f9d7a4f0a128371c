"use client";

import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Thin wrappers over recharts so dashboard panels pass plain data (server components cannot hold charts). No
 * animation: figures show at once, for people who prefer reduced motion and for screenshots. */
export function CountBars({ data, xKey, yKey, color = "#1d5fd6", label }: { data: Record<string, string | number>[]; xKey: string; yKey: string; color?: string; label: string }) {
  return (
    <figure aria-label={label} className="h-48">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={xKey} tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
          <Tooltip />
          <Bar dataKey={yKey} fill={color} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function TrendLine({ data, xKey, yKey, color = "#1d5fd6", label, unit }: { data: Record<string, string | number>[]; xKey: string; yKey: string; color?: string; label: string; unit?: string }) {
  return (
    <figure aria-label={label} className="h-48">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={xKey} tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={40} unit={unit} />
          <Tooltip />
          <Line type="monotone" dataKey={yKey} stroke={color} strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
