import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import {
  AMAZON_SCOPE_NAMES,
  amazonScopeId,
  amazonScopeNameOf,
  type AccessScopeContentJson,
} from '../model/network-insights-access-scope.js';
import {
  createNetworkInsightsAccessScope,
  deleteNetworkInsightsAccessScope,
  deleteNetworkInsightsAccessScopeAnalysis,
  recordNetworkInsightsAccessScopeAnalysis,
  scopeRef,
  type AccessScopeAnalysisResult,
} from './network-insights-access-scope.js';

const CONTENT: AccessScopeContentJson = {
  MatchPaths: [{ Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } } }],
  ExcludePaths: [],
};

const FOUND: AccessScopeAnalysisResult = {
  status: 'succeeded',
  findingsFound: 'true',
  analyzedEniCount: 2,
  findings: [{ FindingId: 'AnalysisFinding-1', FindingComponents: [] }],
};

describe('CreateNetworkInsightsAccessScope', () => {
  it('stores the scope with its id, ARN, dates, content and tags', () => {
    const h = harness();
    const s = h.run(createNetworkInsightsAccessScope, {
      content: CONTENT,
      tags: [{ key: 'Name', value: 'igw' }],
    });
    expect(s.id).toMatch(/^nis-[0-9a-f]{17}$/);
    expect(s.arn).toBe(`arn:aws:ec2:us-east-1:111111111111:network-insights-access-scope/${s.id}`);
    expect(s).toMatchObject({
      createdDate: '2026-01-01T00:00:00.000Z',
      updatedDate: '2026-01-01T00:00:00.000Z',
      content: CONTENT,
      tags: [{ key: 'Name', value: 'igw' }],
    });
    expect(h.s.get('network-insights-access-scope', s.id)).toEqual(s);
  });

  it('refuses a reserved tag key', () => {
    const h = harness();
    const e = h.fails(createNetworkInsightsAccessScope, {
      content: CONTENT,
      tags: [{ key: 'aws:x', value: 'v' }],
    });
    expect(e.code).toBe('InvalidParameterValue');
  });
});

describe('the Amazon-created scopes (D131)', () => {
  it('have fixed ids per account and Region, distinct between them', () => {
    const ids = AMAZON_SCOPE_NAMES.map((n) => amazonScopeId('111111111111', 'us-east-1', n));
    for (const id of ids) expect(id).toMatch(/^nis-[0-9a-f]{17}$/);
    expect(new Set(ids).size).toBe(4);
    expect(amazonScopeId('111111111111', 'us-east-1', 'AWS-IGW-Egress')).toBe(ids[1]);
    expect(amazonScopeId('222222222222', 'us-east-1', 'AWS-IGW-Egress')).not.toBe(ids[1]);
    expect(amazonScopeId('111111111111', 'eu-west-1', 'AWS-IGW-Egress')).not.toBe(ids[1]);
    expect(amazonScopeNameOf('111111111111', 'us-east-1', ids[2]!)).toBe('AWS-VPC-Ingress');
    expect(amazonScopeNameOf('222222222222', 'us-east-1', ids[2]!)).toBeUndefined();
  });

  it('resolve by id, are analysable and cannot be deleted', () => {
    const h = harness();
    const id = amazonScopeId('111111111111', 'us-east-1', 'All-IGW-Ingress');
    const ref = scopeRef(h.s, id, h.caller);
    expect(ref).toEqual({ ok: true, value: { kind: 'amazon', id, name: 'All-IGW-Ingress' } });
    const a = h.run(recordNetworkInsightsAccessScopeAnalysis, {
      networkInsightsAccessScopeId: id,
      result: FOUND,
    });
    expect(a.networkInsightsAccessScopeId).toBe(id);
    const e = h.fails(deleteNetworkInsightsAccessScope, { networkInsightsAccessScopeId: id });
    expect(e.code).toBe('OperationNotPermitted');
    // Another account does not see this account's ids.
    const other = caller('222222222222');
    h.init(other);
    expect(scopeRef(h.s, id, other)).toMatchObject({
      ok: false,
      error: { code: 'InvalidNetworkInsightsAccessScopeId.NotFound' },
    });
  });
});

describe('analyses and deletes', () => {
  it('records an analysis with its findings, start and end dates', () => {
    const h = harness();
    const s = h.run(createNetworkInsightsAccessScope, { content: CONTENT });
    const a = h.run(recordNetworkInsightsAccessScopeAnalysis, {
      networkInsightsAccessScopeId: s.id,
      result: FOUND,
      tags: [{ key: 'k', value: 'v' }],
    });
    expect(a.id).toMatch(/^nisa-[0-9a-f]{17}$/);
    expect(a.arn).toBe(
      `arn:aws:ec2:us-east-1:111111111111:network-insights-access-scope-analysis/${a.id}`,
    );
    expect(a).toMatchObject({
      networkInsightsAccessScopeId: s.id,
      status: 'succeeded',
      findingsFound: 'true',
      analyzedEniCount: 2,
      findings: FOUND.findings,
      startDate: '2026-01-01T00:00:00.000Z',
      endDate: '2026-01-01T00:00:00.000Z',
      tags: [{ key: 'k', value: 'v' }],
    });
  });

  it('refuses malformed and unknown scope ids with AWS codes', () => {
    const h = harness();
    const unknown = h.fails(recordNetworkInsightsAccessScopeAnalysis, {
      networkInsightsAccessScopeId: 'nis-00000000000000000',
      result: FOUND,
    });
    expect(unknown.code).toBe('InvalidNetworkInsightsAccessScopeId.NotFound');
    expect(unknown.message).toBe(
      "The network insights access scope ID 'nis-00000000000000000' does not exist",
    );
    const malformed = h.fails(deleteNetworkInsightsAccessScope, {
      networkInsightsAccessScopeId: 'vpc-00000000000000000',
    });
    expect(malformed.code).toBe('InvalidParameterValue');
  });

  it('deletes a scope only once its analyses are gone (D132)', () => {
    const h = harness();
    const s = h.run(createNetworkInsightsAccessScope, { content: CONTENT });
    const a = h.run(recordNetworkInsightsAccessScopeAnalysis, {
      networkInsightsAccessScopeId: s.id,
      result: FOUND,
    });
    const e = h.fails(deleteNetworkInsightsAccessScope, { networkInsightsAccessScopeId: s.id });
    expect(e.code).toBe('AnalysisExistsForNetworkInsightsAccessScope');
    expect(e.message).toContain(`[${a.id}]`);
    expect(
      h.run(deleteNetworkInsightsAccessScopeAnalysis, {
        networkInsightsAccessScopeAnalysisId: a.id,
      }),
    ).toBe(a.id);
    expect(h.run(deleteNetworkInsightsAccessScope, { networkInsightsAccessScopeId: s.id })).toBe(
      s.id,
    );
    expect(h.s.count('network-insights-access-scope')).toBe(0);
    expect(
      h.fails(deleteNetworkInsightsAccessScopeAnalysis, {
        networkInsightsAccessScopeAnalysisId: a.id,
      }).code,
    ).toBe('InvalidNetworkInsightsAccessScopeAnalysisId.NotFound');
  });

  it("does not show one account's scopes to another", () => {
    const h = harness();
    const s = h.run(createNetworkInsightsAccessScope, { content: CONTENT });
    const other = caller('222222222222');
    h.init(other);
    expect(
      h.fails(deleteNetworkInsightsAccessScope, { networkInsightsAccessScopeId: s.id }, other).code,
    ).toBe('InvalidNetworkInsightsAccessScopeId.NotFound');
  });
});
