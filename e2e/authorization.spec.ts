// What a data scientist must not reach: the Admin page, the roles API, and the Admin page's server actions
// replayed by hand. Each refusal is checked for its message and for having changed nothing.
import { randomBytes } from "node:crypto";
import { expect, test, type Page, type Request } from "@playwright/test";
import { BASE_URL, DEMO, ownUserId, roleCheckbox, signedInContext, submitNewUser, uniqueEmail } from "./support";

/** Waits for the next server action POST whose body contains `marker`, and returns its action id and body. */
function captureServerAction(page: Page, marker: string): Promise<{ id: string; body: string }> {
  return page
    .waitForRequest((request: Request) => request.method() === "POST" && Boolean(request.headers()["next-action"]) && (request.postData() ?? "").includes(marker))
    .then((request) => ({ id: request.headers()["next-action"] ?? "", body: request.postData() ?? "" }));
}

/** POSTs a server action the way Next's client does, but from a hand-written body. */
async function replayServerAction(page: Page, id: string, args: unknown[], path = "/admin") {
  const response = await page.request.post(path, {
    headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: BASE_URL },
    data: JSON.stringify(args),
  });
  return { status: response.status(), text: await response.text() };
}

async function expectRolesInHeader(page: Page, roles: string | RegExp) {
  await page.goto("/");
  await expect(page.getByTestId("current-roles")).toHaveText(roles);
}

test.describe("a data scientist", () => {
  test("opening /admin sees the 403 page and no Admin link", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    await page.goto("/");
    await expect(page.getByTestId("current-roles")).toHaveText(DEMO.ds.roles);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);

    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    // Nothing of the Admin page leaks into the 403: not the users table, not other people's addresses.
    await expect(page.getByRole("heading", { name: "Users" })).toHaveCount(0);
    await expect(page.getByText(DEMO.admin.email)).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Add a user" })).toHaveCount(0);
    await context.close();
  });

  test("downloading the audit trail gets 403 JSON, not one row of it", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    const response = await page.request.get("/api/admin/audit/export.csv?action=users");
    expect(response.status()).toBe(403);
    expect(await response.json()).toEqual({ ok: false, code: "FORBIDDEN", error: "Your role does not allow this action." });
    await context.close();
  });

  test("POSTing to the roles API to become admin gets 403 JSON and changes nothing", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    const dsId = await ownUserId(page);

    const response = await page.request.post("/api/admin/users/roles", {
      data: { userId: dsId, roles: ["DATA_SCIENTIST", "ADMIN"] },
      headers: { Origin: BASE_URL },
    });
    expect(response.status()).toBe(403);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(await response.json()).toEqual({ ok: false, code: "FORBIDDEN", error: "Your role does not allow this action." });

    // A well-formed body that is wrong for the schema is refused for the role first, revealing nothing about it.
    const junk = await page.request.post("/api/admin/users/roles", { data: { userId: 42 }, headers: { Origin: BASE_URL } });
    expect(junk.status()).toBe(403);
    expect(await junk.json()).not.toHaveProperty("fieldErrors");

    await expectRolesInHeader(page, DEMO.ds.roles);
    await context.close();

    const admin = await signedInContext(browser, DEMO.admin.email);
    await admin.page.goto("/admin");
    await expect(roleCheckbox(admin.page, "Admin", DEMO.ds.email)).not.toBeChecked();
    await expect(roleCheckbox(admin.page, "Data scientist", DEMO.ds.email)).toBeChecked();
    await admin.context.close();
  });

  test("replaying the Admin page's server actions by hand is refused and writes nothing", async ({ browser }) => {
    // 1. As admin, use the page normally and capture the two actions' ids and request bodies.
    const admin = await signedInContext(browser, DEMO.admin.email);
    await admin.page.goto("/admin");
    const victim = uniqueEmail("replay");
    const createCaptured = captureServerAction(admin.page, victim);
    await submitNewUser(admin.page, { email: victim, name: "Replay Target", password: "replay-password-1" });
    const createAction = await createCaptured;
    await expect(admin.page.getByTestId(`user-row-${victim}`)).toBeVisible();

    const rolesCaptured = captureServerAction(admin.page, '"roles"');
    // click, not check(): the checkbox is controlled by server data and only flips once the action has answered.
    await roleCheckbox(admin.page, "Data scientist", victim).click();
    const rolesAction = await rolesCaptured;
    await expect(roleCheckbox(admin.page, "Data scientist", victim)).toBeChecked();
    expect(createAction.id).not.toBe(rolesAction.id);
    const [captured] = JSON.parse(rolesAction.body) as [{ userId: string; roles: string[] }];
    expect(captured.roles).toEqual(["DATA_SCIENTIST"]);

    // 2. As the data scientist, replay them with bodies that would make them (or a new account) an admin.
    const ds = await signedInContext(browser, DEMO.ds.email);
    const dsId = await ownUserId(ds.page);
    const escalate = await replayServerAction(ds.page, rolesAction.id, [{ userId: dsId, roles: ["DATA_SCIENTIST", "ADMIN"] }]);
    expect(escalate.status).toBeLessThan(500);
    expect(escalate.text).toContain('"code":"FORBIDDEN"');
    expect(escalate.text).toContain("Your role does not allow this action.");
    expect(escalate.text).not.toContain('"ok":true');

    const backdoor = uniqueEmail("backdoor");
    const create = await replayServerAction(ds.page, createAction.id, [{ email: backdoor, name: "Back Door", password: "backdoor-password", roles: ["ADMIN"] }]);
    expect(create.text).toContain('"code":"FORBIDDEN"');

    // Bad input from the data scientist is refused for the role first, too.
    const junk = await replayServerAction(ds.page, rolesAction.id, ["<script>alert(1)</script>"]);
    expect(junk.text).toContain('"code":"FORBIDDEN"');

    // 3. Nothing changed: the data scientist's own header, and the admin's view of both users.
    await expectRolesInHeader(ds.page, DEMO.ds.roles);
    await ds.context.close();
    await admin.page.reload();
    await expect(roleCheckbox(admin.page, "Admin", DEMO.ds.email)).not.toBeChecked();
    await expect(admin.page.getByTestId(`user-row-${backdoor}`)).toHaveCount(0);

    // 4. Control: the same hand-made replay from the admin is accepted, so the refusals above were the role check.
    const control = await replayServerAction(admin.page, rolesAction.id, [{ userId: captured.userId, roles: ["MLOPS_ENGINEER"] }]);
    expect(control.text).toContain('"ok":true');
    await admin.page.reload();
    await expect(roleCheckbox(admin.page, "MLOps engineer", victim)).toBeChecked();
    await expect(roleCheckbox(admin.page, "Data scientist", victim)).not.toBeChecked();
    await admin.context.close();
  });
});

test.describe("the roles API", () => {
  test("refuses an anonymous caller with 401 JSON", async ({ request }) => {
    const response = await request.post("/api/admin/users/roles", { data: { userId: "00000000-0000-4000-8000-000000000000", roles: ["ADMIN"] }, headers: { Origin: BASE_URL } });
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });

  test("gives an admin clear 422 messages for bad input, and works for good input", async ({ browser }) => {
    const admin = await signedInContext(browser, DEMO.admin.email);
    // A Buffer is sent byte for byte; Playwright would JSON-encode a string that does not parse as JSON.
    const post = (data: string) =>
      admin.page.request.post("/api/admin/users/roles", { data: Buffer.from(data), headers: { "Content-Type": "application/json", Origin: BASE_URL } });

    const notJson = await post("{roles: ADMIN");
    expect(notJson.status()).toBe(422);
    expect(await notJson.json()).toMatchObject({ code: "INVALID_INPUT", error: "The request body must be JSON." });

    const tooBig = await post(JSON.stringify({ userId: "x".repeat(1_100_000), roles: [] }));
    expect(tooBig.status()).toBe(413);
    expect((await tooBig.json()).error).toContain("too large");

    const badId = await post(JSON.stringify({ userId: "<script>alert(1)</script>", roles: ["ADMIN"] }));
    expect(badId.status()).toBe(422);
    const badIdBody = await badId.json();
    expect(badIdBody.error).toContain("userId");
    expect(badIdBody.fieldErrors).toHaveProperty("userId");

    const badRole = await post(JSON.stringify({ userId: "00000000-0000-4000-8000-000000000000", roles: ["ROOT"] }));
    expect(badRole.status()).toBe(422);
    expect((await badRole.json()).error).toContain("roles");

    const missing = await post(JSON.stringify({ userId: "00000000-0000-4000-8000-000000000000", roles: [] }));
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "NOT_FOUND", error: "That user does not exist." });

    const mlops = await signedInContext(browser, DEMO.mlops.email);
    const mlopsId = await ownUserId(mlops.page);
    const ok = await post(JSON.stringify({ userId: mlopsId, roles: ["MLOPS_ENGINEER", "DATA_SCIENTIST"] }));
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, data: { id: mlopsId, roles: ["MLOPS_ENGINEER", "DATA_SCIENTIST"] } });
    await expectRolesInHeader(mlops.page, /^(Data scientist, MLOps engineer|MLOps engineer, Data scientist)$/);

    // Put the demo user back as it was for the other specs.
    const restore = await post(JSON.stringify({ userId: mlopsId, roles: ["MLOPS_ENGINEER"] }));
    expect(restore.status()).toBe(200);
    await expectRolesInHeader(mlops.page, DEMO.mlops.roles);
    await mlops.context.close();
    await admin.context.close();
  });
});

test.describe("object rules", () => {
  test("only a model's owner edits or transfers it; another user's replayed save is refused and changes nothing", async ({ browser }) => {
    const slug = `authz-${randomBytes(3).toString("hex")}`;
    const ds = await signedInContext(browser, DEMO.ds.email);
    await ds.page.goto("/models/new");
    const form = ds.page.getByRole("form", { name: "New model" });
    await form.getByLabel("Name (slug)").fill(slug);
    await form.getByLabel("Display name").fill("Owned by the data scientist");
    await form.getByLabel("Team").fill("authz");
    await form.getByRole("button", { name: "Create model" }).click();
    await expect(ds.page).toHaveURL(new RegExp(`/models/${slug}$`));
    // Saving it again from the edit page shows the save action and the model's id, as any browser would see them.
    await ds.page.getByRole("link", { name: "Edit", exact: true }).click();
    const captured = captureServerAction(ds.page, slug);
    await ds.page.getByRole("form", { name: "Edit model" }).getByRole("button", { name: "Save model" }).click();
    const save = await captured;
    const [{ id: modelId }] = JSON.parse(save.body) as [{ id: string }];
    await expect(ds.page).toHaveURL(new RegExp(`/models/${slug}$`));

    // Another user sees neither Edit nor Transfer, gets 403 on the edit page, and a hand-made save is refused.
    const mlops = await signedInContext(browser, DEMO.mlops.email);
    await mlops.page.goto(`/models/${slug}`);
    await expect(mlops.page.getByRole("heading", { level: 1 })).toContainText("Owned by the data scientist");
    await expect(mlops.page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
    await expect(mlops.page.getByRole("button", { name: "Transfer ownership" })).toHaveCount(0);
    expect((await mlops.page.goto(`/models/${slug}/edit`))?.status()).toBe(403);
    const hijack = await replayServerAction(mlops.page, save.id, [{ id: modelId, displayName: "Hijacked", ownerEmail: DEMO.mlops.email }], "/models/new");
    expect(hijack.text).toContain('"code":"FORBIDDEN"');
    expect(hijack.text).toContain(`Only its owner, members of its team or admins can edit model ${slug}.`);
    await mlops.page.goto(`/models/${slug}`);
    await expect(mlops.page.getByRole("heading", { level: 1 })).toContainText("Owned by the data scientist");

    // The owner transfers it explicitly; then it is the MLOps engineer's to edit.
    await ds.page.getByRole("button", { name: "Transfer ownership" }).click();
    const transfer = ds.page.getByRole("form", { name: "Transfer ownership" });
    await transfer.getByLabel("New owner's email").fill(DEMO.mlops.email);
    ds.page.once("dialog", (dialog) => void dialog.accept());
    await transfer.getByRole("button", { name: "Transfer" }).click();
    await expect(ds.page.locator('[data-sonner-toast][data-type="success"]').filter({ hasText: `${DEMO.mlops.email} now owns ${slug}` })).toBeVisible();
    await mlops.page.reload();
    await expect(mlops.page.getByRole("link", { name: "Edit", exact: true })).toBeVisible();
    await ds.context.close();
    await mlops.context.close();
  });
});
