// What to tell staff when a database cannot be opened: a headline and the
// steps that help, by error code (never by message text).

export interface OpenProblemAdvice {
  title: string;
  steps: string[];
}

const advice: Record<string, OpenProblemAdvice> = {
  DatabaseDamaged: {
    title: "The database file is damaged",
    steps: [
      "It was probably cut short: a full disk, or a copy that did not finish. Frontdesk has not changed it.",
      "Restore your latest backup of it (Frontdesk also keeps copies in the backups folder beside it), then start Frontdesk again.",
      "Or choose another database below.",
    ],
  },
  DatabaseIsFolder: {
    title: "A folder is where the database file should be",
    steps: ["Move that folder away, or put the database file back in its place, then start Frontdesk again.", "Or choose another database below."],
  },
  DatabasePermissionDenied: {
    title: "This account may not read the database",
    steps: [
      "Log in as the user who set up Frontdesk, or ask your administrator to give this account access to the file.",
      "Or choose another database below.",
    ],
  },
  DatabaseReadOnly: {
    title: "The database is on a read-only disk or in a read-only folder",
    steps: [
      "Frontdesk needs to write beside the file. Copy it to a writable folder, or ask your administrator to make it writable.",
      "Or choose another database below.",
    ],
  },
  WrongKey: {
    title: "The key does not open this database",
    steps: [
      "The file is not a Frontdesk database, or its key is not in this computer's keyring (a file from another computer or account).",
      "Restore a backup made on this account, or choose another database below.",
    ],
  },
  DiskFull: {
    title: "The disk is full",
    steps: ["Nothing was saved. Free some space on the disk, then try again."],
  },
  ServerUnreachable: {
    title: "The clinic's database server does not answer",
    steps: [
      "Check that the server computer is on and that this PC is on the clinic's network.",
      "Frontdesk keeps trying; nothing typed here is lost while you wait.",
      "Or change the server under Setup → This computer.",
    ],
  },
  ServerFull: {
    title: "The clinic's database server has no connection free",
    steps: [
      "The server is on, but as many workstations and tools are connected as it allows.",
      "Close Frontdesk on PCs that are not in use, then try again; nothing typed here is lost while you wait.",
      "If it happens often, ask your administrator to raise the server's max_connections.",
    ],
  },
  ServerTls: {
    title: "The secure connection to the server failed",
    steps: [
      "The server's certificate could not be checked. Ask your administrator for the clinic's CA certificate and choose it under This computer.",
    ],
  },
  ServerWrongPassword: {
    title: "The server refused the password",
    steps: ["Enter this workstation's database password again under This computer, or ask your administrator."],
  },
  ServerNotFrontdesk: {
    title: "That database is not Frontdesk's",
    steps: [
      "It holds other tables. Check the database name under This computer (usually frontdesk), or ask your administrator.",
    ],
  },
  SchemaTooNew: {
    title: "The clinic's database is newer than this Frontdesk",
    steps: ["Another workstation runs a newer Frontdesk. Update Frontdesk on this PC."],
  },
  SchemaTooOld: {
    title: "The clinic's database needs updating",
    steps: ["Ask your administrator to run frontdesk-cli migrate against the server, then start Frontdesk again."],
  },
};

/** Advice for an error code, or null when the message alone is enough. */
export function openProblemAdvice(code: string | undefined): OpenProblemAdvice | null {
  return (code && advice[code]) || null;
}
