/** The Helm charts of a repository as the scan meets them: each read once, with its defaults and its templates. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { parse as parseYaml } from 'yaml';

import { type Chart } from './collectors';
import { definesOf, setsValues, valuesRead } from './helm';
import { type RepositoryReader } from './repository-reader';
import { MAX_ALIASES } from './yaml-options';

export class ChartIndex {
  private readonly charts = new Map<string, Chart | undefined>();

  constructor(private readonly reader: RepositoryReader) {}

  /** The chart a template belongs to (the folder above `templates/` holding a Chart.yaml). */
  chartOf(file: string): Chart | undefined {
    const at = file.lastIndexOf('templates/');
    if (at < 0 || (at > 0 && file[at - 1] !== '/')) return undefined;
    return this.chartIn(file.slice(0, at));
  }

  /** The chart a values file (values.yaml, values-prod.yaml) sits beside. */
  valuesChartOf(file: string): Chart | undefined {
    return /(^|\/)values([-.][\w.-]+)?\.ya?ml$/.test(file)
      ? this.chartIn(file.slice(0, file.lastIndexOf('/') + 1))
      : undefined;
  }

  /** The chart in `dir` (a folder with a Chart.yaml): its defaults, named templates and what its templates read. */
  private chartIn(dir: string): Chart | undefined {
    if (this.charts.has(dir)) return this.charts.get(dir);
    let chart: Chart | undefined;
    if (this.reader.exists(`${dir}Chart.yaml`)) {
      const text = this.reader.exists(`${dir}values.yaml`) ? this.reader.read(`${dir}values.yaml`) : '';
      try {
        chart = { values: parseYaml(text ?? '', { maxAliasCount: MAX_ALIASES, logLevel: 'error' }) ?? {} };
      } catch (e) {
        this.reader.problems.push(
          `${dir}values.yaml: ${(e as Error).message.split('\n')[0]}; its templates read without defaults`,
        );
        chart = { values: {} };
      }
      Object.assign(chart, this.templatesOf(dir));
    }
    this.charts.set(dir, chart);
    return chart;
  }

  /** What a chart's templates (and its local subcharts', library charts included) define and read. */
  private templatesOf(dir: string): Pick<Chart, 'templated' | 'defines' | 'reads' | 'valuesUndecided'> {
    const root = this.reader.root;
    const files: string[] = [];
    if (fs.existsSync(path.join(root, dir, 'templates'))) this.reader.walk(path.join(root, dir, 'templates'), files);
    const subcharts = path.join(root, dir, 'charts');
    if (fs.existsSync(subcharts))
      for (const sub of fs.readdirSync(subcharts, { withFileTypes: true }))
        if (sub.isDirectory() && fs.existsSync(path.join(subcharts, sub.name, 'templates')))
          this.reader.walk(path.join(subcharts, sub.name, 'templates'), files);
    const defines = new Map<string, string>();
    const reads = new Set<string>();
    let valuesUndecided: string | undefined;
    for (const file of files.filter((f) => /\.(ya?ml|tpl)$/.test(f))) {
      const text = this.reader.read(file) ?? '';
      for (const [name, body] of definesOf(text)) defines.set(name, body);
      for (const key of valuesRead(text)) reads.add(key);
      if (setsValues(text)) valuesUndecided ??= file;
    }
    return { templated: files.some((f) => /\.ya?ml$/.test(f)), defines, reads, valuesUndecided };
  }
}
