/** Chaos experiments: Chaos Mesh, Litmus (alone or as an Argo workflow), Chaos Toolkit, AWS FIS. */
import { isObject, nameOf, text } from '../finding';
import { apiOf, type EvidenceFormat, inText, keyed, kindIn } from './format';

/** Chaos Mesh kinds that configure or reach a target rather than inject a fault (chaos-mesh.org API reference). */
const CHAOS_MESH_NOT_EXPERIMENTS = new Set(['StatusCheck', 'RemoteCluster', 'PhysicalMachine']);

const LITMUS_KINDS = new Set(['ChaosEngine', 'ChaosExperiment', 'ChaosSchedule']);

export const CHAOS_FORMATS: readonly EvidenceFormat[] = [
  {
    name: 'Chaos Toolkit experiments',
    mayBeIn: inText(keyed('method')),
    resource: (data, at, file) =>
      Array.isArray(data.method) && (data['steady-state-hypothesis'] !== undefined || text(data.title))
        ? [
            {
              kind: 'chaos-experiments',
              file,
              line: at([]),
              detail: `Chaos Toolkit experiment ${text(data.title) || file}`,
            },
          ]
        : undefined,
  },
  {
    name: 'AWS FIS experiment templates',
    mayBeIn: inText(keyed('stopConditions')),
    resource: (data, at, file) => {
      if (!isObject(data.actions) || !Array.isArray(data.stopConditions)) return undefined;
      const aws = Object.values(data.actions).some((a) => isObject(a) && text(a.actionId).startsWith('aws:'));
      const detail = `AWS FIS experiment template ${text(data.description) || file}`;
      return aws ? [{ kind: 'chaos-experiments', file, line: at([]), detail }] : [];
    },
  },
  {
    name: 'Litmus experiments as Argo workflows',
    mayBeIn: inText(kindIn('\\w*Workflow')),
    resource: (data, at, file) =>
      text(data.apiVersion).startsWith('argoproj.io/') &&
      /Workflow/.test(text(data.kind)) &&
      /litmuschaos\.io/.test(JSON.stringify(isObject(data.spec) ? data.spec : {}))
        ? [
            {
              kind: 'chaos-experiments',
              file,
              line: at([]),
              detail: `${text(data.kind)} ${nameOf(data)} (Litmus, as an Argo workflow)`,
            },
          ]
        : undefined,
  },
  {
    name: 'Chaos Mesh experiments',
    mayBeIn: inText(apiOf('chaos-mesh.org/')),
    resource: (data, at, file) =>
      text(data.apiVersion).startsWith('chaos-mesh.org/') && !CHAOS_MESH_NOT_EXPERIMENTS.has(text(data.kind))
        ? [{ kind: 'chaos-experiments', file, line: at([]), detail: `${text(data.kind)} ${nameOf(data)} (Chaos Mesh)` }]
        : undefined,
  },
  {
    name: 'Litmus experiments',
    mayBeIn: inText(apiOf('litmuschaos.io/')),
    resource: (data, at, file) =>
      text(data.apiVersion).startsWith('litmuschaos.io/') && LITMUS_KINDS.has(text(data.kind))
        ? [{ kind: 'chaos-experiments', file, line: at([]), detail: `${text(data.kind)} ${nameOf(data)} (Litmus)` }]
        : undefined,
  },
];
