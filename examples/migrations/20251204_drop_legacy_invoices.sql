-- Invoices moved to the ledger service in November; drop the old table.
DROP TABLE legacy_invoices;
