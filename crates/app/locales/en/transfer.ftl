## CSV import and export
nav-import = Import
transfer-title = Import and export
transfer-intro = Upload a CSV file with a header row. Every row is checked first: if any row is wrong, nothing is imported and every problem is listed. Rows with a known external_ref are updated, so uploading the same file again does not create duplicates.
transfer-export = Download all customers (CSV)
transfer-kind = What the file holds
transfer-kind-customers = Customers
transfer-kind-transactions = Transactions
transfer-kind-contracts = Contracts
transfer-kind-interactions = Interactions
transfer-file = CSV file (UTF-8)
transfer-file-hint = Customers: external_ref, name, and optionally kind, email, phone, language, country, timezone, segment, stage, tags (separated by ;), birthday, anniversary, consent_<channel>, attr_<name>.
transfer-submit = Check and import
transfer-done = Imported
transfer-rows = Rows in the file
transfer-inserted = New
transfer-updated = Updated
transfer-line = Line
transfer-column = Column
transfer-reason = Problem
transfer-no-file = Choose a CSV file to upload.
transfer-refused = { $n ->
    [one] 1 problem found. Nothing was imported.
   *[other] { $n } problems found. Nothing was imported.
}
transfer-more = { $n ->
    [one] … and 1 more problem.
   *[other] … and { $n } more problems.
}
