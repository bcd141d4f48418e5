-- Inbox processing jobs are now claimed in batches by the job runner, so nothing looks a job up
-- by the item it names any more; the index only cost a write per email.
DROP INDEX jobs_inbox_item_idx;
