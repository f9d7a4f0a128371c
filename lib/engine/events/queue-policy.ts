/**
 * Whether a queue's access policy lets EventBridge send a rule's events to it, as AWS requires of an SQS
 * target (without such a statement the rule "matches" but nothing arrives). The subset evaluated: Allow
 * statements for the `events.amazonaws.com` service (or `*`), actions `sqs:SendMessage`/`sqs:*`/`*` (with `*`
 * wildcards), the queue's ARN or `*` as resource, and `aws:SourceArn` conditions (ArnEquals/ArnLike/
 * StringEquals/StringLike). A Deny statement for the same request wins.
 */
type Statement = { Effect?: unknown; Principal?: unknown; Action?: unknown; Resource?: unknown; Condition?: unknown };

export function allowsEventBridge(policy: string | undefined, queueArn: string, ruleArn: string): boolean {
  const statements = statementsOf(policy);
  const applies = (s: Statement) => principalIsEvents(s.Principal) && anyMatch(s.Action, "sqs:SendMessage", true) && anyMatch(s.Resource, queueArn, false) && conditionHolds(s.Condition, ruleArn);
  if (statements.some((s) => s.Effect === "Deny" && applies(s))) return false;
  return statements.some((s) => s.Effect === "Allow" && applies(s));
}

function statementsOf(policy: string | undefined): Statement[] {
  if (!policy) return [];
  try {
    const parsed = JSON.parse(policy) as { Statement?: unknown };
    const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return list.filter((s): s is Statement => typeof s === "object" && s !== null);
  } catch {
    return [];
  }
}

function principalIsEvents(principal: unknown): boolean {
  if (principal === "*") return true;
  if (typeof principal !== "object" || principal === null) return false;
  const service = (principal as { Service?: unknown }).Service;
  return toList(service).includes("events.amazonaws.com") || (principal as { AWS?: unknown }).AWS === "*";
}

function anyMatch(value: unknown, wanted: string, ignoreCase: boolean): boolean {
  return toList(value).some((pattern) => wildcard(pattern, ignoreCase).test(wanted));
}

/** `aws:SourceArn` must match the rule when a condition names it; other condition keys are not evaluated and fail closed. */
function conditionHolds(condition: unknown, ruleArn: string): boolean {
  if (condition === undefined) return true;
  if (typeof condition !== "object" || condition === null) return false;
  return Object.entries(condition).every(([operator, block]) => {
    if (typeof block !== "object" || block === null) return false;
    return Object.entries(block).every(([key, value]) => {
      if (key.toLowerCase() !== "aws:sourcearn") return false;
      const like = operator === "ArnLike" || operator === "StringLike";
      if (!like && operator !== "ArnEquals" && operator !== "StringEquals") return false;
      return toList(value).some((v) => (like ? wildcard(v, false).test(ruleArn) : v === ruleArn));
    });
  });
}

function toList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "");
}
