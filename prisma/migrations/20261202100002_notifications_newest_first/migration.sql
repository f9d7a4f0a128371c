-- The header's bell reads a user's latest notifications on every page (newest first, read or not): an index in
-- that order spares sorting all of a busy user's notifications per request (npm run bench -- load).
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at" DESC);
