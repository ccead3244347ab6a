import { describe, expect, it } from 'vitest';
import { findingsOf } from './network-insights.js';

describe('findingsOf', () => {
  it('keeps every answer field the tracer fills, the warning included', () => {
    const id = 'i-0123456789abcdef0';
    const arn = `arn:aws:ec2:us-east-1:111111111111:instance/${id}`;
    const component = { SequenceNumber: 1, Component: { Id: id, Arn: arn } };
    const explanation = { ExplanationCode: 'NO_PATH' };
    expect(
      findingsOf({
        Status: 'succeeded',
        WarningMessage: 'Transit gateway appliance mode recommended: …',
        NetworkPathFound: true,
        ForwardPathComponents: [component],
        ReturnPathComponents: [component],
      }),
    ).toEqual({
      status: 'succeeded',
      warningMessage: 'Transit gateway appliance mode recommended: …',
      networkPathFound: true,
      forwardPathComponents: [component],
      returnPathComponents: [component],
    });
    expect(
      findingsOf({ Status: 'succeeded', NetworkPathFound: false, Explanations: [explanation] }),
    ).toEqual({ status: 'succeeded', networkPathFound: false, explanations: [explanation] });
    expect(findingsOf({ Status: 'failed', StatusMessage: 'gone' })).toEqual({
      status: 'failed',
      statusMessage: 'gone',
    });
  });
});
