import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { AlignedData, Options } from 'uplot';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

export interface ChartProps {
  /** What the chart shows, for screen readers (the numbers themselves belong in a table beside it). */
  label: string;
  x: number[];
  series: ChartSeries[];
  kind?: 'line' | 'bars';
  /** x values are Unix seconds (a time axis); otherwise categories labelled by `xLabel`. */
  time?: boolean;
  xLabel?: (value: number) => string;
  yLabel?: (value: number) => string;
  /** The top of the y axis (1 for a rate); by default the data's largest value, rounded up. */
  yMax?: number;
  height?: number;
}

/** Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito). */
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];

/**
 * A uPlot chart sized to its container (it follows the container's width). uPlot draws on a canvas with no
 * inline script or style sheet, which the app's CSP allows.
 */
export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const plot = new uPlot(options(props, Math.max(200, el.clientWidth)), data(props), el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: props.height ?? 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props]);
  return <div class="chart" ref={box} role="img" aria-label={props.label} />;
}

const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 1_000_000];

/** The next 1, 2 or 5 × a power of ten at or above `n` (a y axis that ends on a round number). */
function niceCeiling(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  const step = [1, 2, 5, 10].find((m) => m * power >= n) ?? 10;
  return step * power;
}

function data(props: ChartProps): AlignedData {
  return [props.x, ...props.series.map((s) => s.values)];
}

function options(props: ChartProps, width: number): Options {
  const bars = props.kind === 'bars';
  const count = props.series.length;
  const barPaths = uPlot.paths.bars?.({ size: [0.7, 60], align: 0 });
  return {
    width,
    height: props.height ?? 220,
    legend: { show: count > 1, live: false },
    cursor: { show: true, drag: { x: false, y: false } },
    scales: {
      x: { time: props.time === true, ...(bars ? { range: (_u, min, max) => [min - 0.5, max + 0.5] } : {}) },
      // Counts and rates start at zero; an empty chart still has an axis.
      y: { range: (_u, _min, max) => [0, props.yMax ?? (max > 0 ? niceCeiling(max) : 1)] },
    },
    axes: [
      {
        ...(props.xLabel === undefined ? {} : { values: (_u: uPlot, ticks: number[]) => ticks.map((t) => props.xLabel?.(t) ?? String(t)) }),
        // Categories: ticks only on whole values (each one a label).
        ...(props.time !== true ? { incrs: [1, 2, 3, 4, 6, 7, 12, 14, 24, 30] } : {}),
      },
      {
        size: 48,
        // Counts are whole numbers: no tick at 0.25 of a call.
        ...(props.yLabel === undefined
          ? { incrs: COUNT_STEPS }
          : { values: (_u: uPlot, ticks: number[]) => ticks.map((t) => props.yLabel?.(t) ?? String(t)) }),
      },
    ],
    series: [
      {},
      ...props.series.map((s, i) => {
        const color = PALETTE[i % PALETTE.length] ?? '#000';
        return bars
          ? { label: s.label, stroke: color, fill: color, width: 0, ...(barPaths === undefined ? {} : { paths: barPaths }) }
          : { label: s.label, stroke: color, width: 2, points: { show: props.x.length < 40 } };
      }),
    ],
  };
}
