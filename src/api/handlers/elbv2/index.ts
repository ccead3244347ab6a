/** Every Elastic Load Balancing v2 action vpctwin implements, by action name. */
import type { Handler } from '../context.js';
import { LISTENER_HANDLERS } from './listener.js';
import { LOAD_BALANCER_HANDLERS } from './load-balancer.js';
import { RULE_HANDLERS } from './rule.js';
import { TARGET_GROUP_HANDLERS } from './target-group.js';

export const ELBV2_HANDLERS: Readonly<Record<string, Handler>> = {
  ...LOAD_BALANCER_HANDLERS,
  ...TARGET_GROUP_HANDLERS,
  ...LISTENER_HANDLERS,
  ...RULE_HANDLERS,
};
