## The IMAP poller's card on the messaging settings page
imap-title = Inbound e-mail (IMAP)
imap-off = Off: set imap_host in the [inbound] settings to fetch customer replies from a mailbox.
imap-server = Server
imap-mailbox = Mailbox
imap-processed = Processed mail
imap-processed-seen = marked as read
imap-processed-move = moved to { $folder }
imap-interval = Checked
imap-every = { $n ->
    [one] every second
   *[other] every { $n } seconds
}
imap-last = Last check
imap-never = not yet
imap-taken = { $taken } taken, { $skipped } set aside (flagged in the mailbox)
imap-last-ok = Last successful check
imap-failing = failed
