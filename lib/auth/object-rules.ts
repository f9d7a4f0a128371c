import type { Actor, Role } from "./permissions";

/**
 * Which objects a caller may act on, beside PERMISSIONS (which verbs a role has). A rule grants its action to
 * callers related to the object in one of its ways (owner, team member, ...) and to every holder of one of its
 * roles. Commands load the target on the server and check it in their transaction (lib/commands/object-access.ts).
 */

/** The caller as object rules see them: the teams come from the users table, never from the request. */
export type ObjectActor = Pick<Actor, "id" | "roles"> & { teams: readonly string[] };

export type ModelTarget = { kind: "model"; label: string; ownerId: string; team: string };
export type ImageTarget = { kind: "image"; label: string; ownerId: string };
export type RunTarget = { kind: "run"; label: string; startedById: string; modelOwnerId: string };
export type DeploymentTarget = { kind: "deployment"; label: string; requestedById: string };
/** An image build; `imageOwnerId` is null while the image it builds is not registered yet. */
export type BuildTarget = { kind: "build"; label: string; requestedById: string; imageOwnerId: string | null };
type Targets = { model: ModelTarget; image: ImageTarget; run: RunTarget; deployment: DeploymentTarget; build: BuildTarget };
export type ObjectTarget = Targets[keyof Targets];

type RelationTest<T> = (actor: ObjectActor, target: T) => boolean;

/** How a caller can relate to each kind of object, and how the refusal names that relation. */
const RELATIONS = {
  model: {
    owner: { holds: (actor, model) => model.ownerId === actor.id, words: "its owner" },
    team: { holds: (actor, model) => actor.teams.includes(model.team), words: "members of its team" },
  },
  image: {
    owner: { holds: (actor, image) => image.ownerId === actor.id, words: "its owner" },
  },
  run: {
    starter: { holds: (actor, run) => run.startedById === actor.id, words: "whoever started it" },
    modelOwner: { holds: (actor, run) => run.modelOwnerId === actor.id, words: "the model's owner" },
  },
  deployment: {
    requester: { holds: (actor, deployment) => deployment.requestedById === actor.id, words: "the requester" },
  },
  build: {
    requester: { holds: (actor, build) => build.requestedById === actor.id, words: "whoever asked for it" },
    imageOwner: { holds: (actor, build) => build.imageOwnerId === actor.id, words: "the image's owner" },
  },
} satisfies { [K in keyof Targets]: Record<string, { holds: RelationTest<Targets[K]>; words: string }> };

type Rule<K extends keyof Targets> = { on: K; relations: readonly (keyof (typeof RELATIONS)[K])[]; roles: readonly Role[]; verb: string };

export const OBJECT_RULES = {
  "model:edit": { on: "model", relations: ["owner", "team"], roles: ["ADMIN"], verb: "edit" },
  "model:upload-code": { on: "model", relations: ["owner", "team"], roles: ["ADMIN"], verb: "change the code of" },
  "model:transfer": { on: "model", relations: ["owner"], roles: ["ADMIN"], verb: "transfer the ownership of" },
  // MLOps engineers deploy models they do not edit; the four-eyes approval still stands between them and live.
  "model:request-deployment": { on: "model", relations: ["owner", "team"], roles: ["MLOPS_ENGINEER", "ADMIN"], verb: "request a deployment of" },
  "image:change": { on: "image", relations: ["owner"], roles: ["ADMIN"], verb: "change" },
  "run:stop-or-redrive": { on: "run", relations: ["starter", "modelOwner"], roles: ["MLOPS_ENGINEER", "ADMIN"], verb: "stop or redrive" },
  "deployment:withdraw": { on: "deployment", relations: ["requester"], roles: ["ADMIN"], verb: "withdraw" },
  "build:stop": { on: "build", relations: ["requester", "imageOwner"], roles: ["ADMIN"], verb: "stop" },
} as const satisfies Record<string, Rule<"model"> | Rule<"image"> | Rule<"run"> | Rule<"deployment"> | Rule<"build">>;

export type ObjectAction = keyof typeof OBJECT_RULES;
export type TargetOf<A extends ObjectAction> = Targets[(typeof OBJECT_RULES)[A]["on"]];
/** What a command asks before it acts: this action on this (server-loaded) target. */
export type ObjectCheck = { [A in ObjectAction]: { action: A; target: TargetOf<A> } }[ObjectAction];

type AnyRelation = { holds: RelationTest<ObjectTarget>; words: string };

function relationsOf(action: ObjectAction): AnyRelation[] {
  const rule = OBJECT_RULES[action];
  const table: Record<string, AnyRelation> = RELATIONS[rule.on] as Record<string, AnyRelation>;
  return rule.relations.map((name: string) => table[name]).filter((r): r is AnyRelation => r !== undefined);
}

/** Whether the rule of `action` lets `actor` act on `target`; the typed can<Verb><Thing> functions below call it. */
export function allows(action: ObjectAction, actor: ObjectActor, target: ObjectTarget): boolean {
  const rule = OBJECT_RULES[action];
  // A target of another kind (a caller's mistake) grants nothing rather than being read as the wrong object.
  if (target.kind !== rule.on) return false;
  if (actor.roles.some((role) => (rule.roles as readonly Role[]).includes(role))) return true;
  return relationsOf(action).some((relation) => relation.holds(actor, target));
}

const PLURAL_ROLES: Record<Role, string> = { DATA_SCIENTIST: "data scientists", MLOPS_ENGINEER: "MLOps engineers", ADMIN: "admins" };

/** "Only its owner, members of its team or admins can edit model churn." */
export function refusalFor(action: ObjectAction, target: ObjectTarget): string {
  const rule = OBJECT_RULES[action];
  const who = [...relationsOf(action).map((r) => r.words), ...rule.roles.map((role: Role) => PLURAL_ROLES[role])];
  const list = who.length > 1 ? `${who.slice(0, -1).join(", ")} or ${who.at(-1)}` : (who[0] ?? "nobody");
  return `Only ${list} can ${rule.verb} ${target.label}.`;
}

export const canEditModel = (actor: ObjectActor, model: ModelTarget) => allows("model:edit", actor, model);
export const canUploadModelCode = (actor: ObjectActor, model: ModelTarget) => allows("model:upload-code", actor, model);
export const canTransferModel = (actor: ObjectActor, model: ModelTarget) => allows("model:transfer", actor, model);
export const canRequestDeploymentOf = (actor: ObjectActor, model: ModelTarget) => allows("model:request-deployment", actor, model);
export const canChangeImage = (actor: ObjectActor, image: ImageTarget) => allows("image:change", actor, image);
export const canStopOrRedriveRun = (actor: ObjectActor, run: RunTarget) => allows("run:stop-or-redrive", actor, run);
export const canWithdrawDeployment = (actor: ObjectActor, deployment: DeploymentTarget) => allows("deployment:withdraw", actor, deployment);
export const canStopBuild = (actor: ObjectActor, build: BuildTarget) => allows("build:stop", actor, build);
