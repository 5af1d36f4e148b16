// The environment rule (assess.ts): a change beyond a targeted patch aimed at production goes one
// level up. The environment is read from names, paths, contexts and profiles (environment.ts)
// and the team policy's environment words.
import { type RuleDecl, rule } from './types';

export const ENV_RULES: readonly RuleDecl[] = [
  rule(
    'env.prod',
    'critical',
    'environment-teardown',
    'Aimed at production: a change beyond a targeted patch goes one level up',
    'Do it in a development or staging environment first, and let a person run it in production',
    ['dropdb production', "psql -h db.prod.internal -c 'DELETE FROM users'"],
    ['dropdb app_dev', 'kubectl get pods -n production'],
  ),
];
