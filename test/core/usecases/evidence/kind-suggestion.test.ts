// What an asset's files say it is, suggested for flows.csv's kind (issue 37).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { suggestKind } from '../../../../src/core/usecases/evidence/kind-suggestion';

const yaml = (file: string, text: string) => ({ file, text });

describe('the kind an asset’s files suggest', () => {
  it('knows databases, caches and queues by operator resource or image, batch by CronJobs alone, else a service', () => {
    const suggest = (...files: { file: string; text: string }[]) => {
      const s = suggestKind(files);
      return s && `${s.kind} ${s.file}:${s.line} ${s.why}`;
    };
    assert.equal(
      suggest(yaml('db/cluster.yaml', 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: orders\n')),
      'database db/cluster.yaml:2 CloudNativePG Cluster',
    );
    assert.equal(
      suggest(
        yaml(
          'db/all.yaml',
          'apiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n        - image: docker.io/bitnami/postgresql:16.4.0\n',
        ),
      ),
      'database db/all.yaml:5 StatefulSet running docker.io/bitnami/postgresql:16.4.0',
      'the second document, its own line',
    );
    assert.equal(
      suggest(
        yaml(
          'cache/sts.yaml',
          'kind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - image: "redis:7"\n',
        ),
      ),
      'cache cache/sts.yaml:1 StatefulSet running redis:7',
    );
    assert.equal(
      suggest(yaml('mq/kafka.yaml', 'apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\n')),
      'queue mq/kafka.yaml:2 Strimzi Kafka',
    );
    assert.equal(
      suggest(yaml('jobs/nightly.yaml', 'apiVersion: batch/v1\nkind: CronJob\n')),
      'batch jobs/nightly.yaml:2 CronJob',
    );
    assert.equal(
      suggest(
        yaml('api/deploy.yml', 'apiVersion: apps/v1\nkind: Deployment\n'),
        yaml('api/job.yaml', 'kind: CronJob\n'),
      ),
      'service api/deploy.yml:2 Deployment',
      'a service that also runs a CronJob is a service',
    );
    assert.equal(suggest(yaml('README.md', 'kind: Deployment\n')), undefined, 'only manifests count');
    assert.equal(suggest(yaml('web/sts.yaml', 'kind: StatefulSet\n  image: nginx:1\n')), undefined);
  });
});
