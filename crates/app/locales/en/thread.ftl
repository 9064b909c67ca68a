# A complaint's conversation (thread): staff page, the customer's conversation page, the reply e-mail.
thr-title = Conversation
thr-internal = Internal note
thr-pruned = The content of this message was removed (after the retention period, or with the customer's erasure); only its delivery record remains.
thr-html-as-text = This e-mail also had an HTML part; it is stored and shown here as text only.
thr-open-message = Open the message as sent
thr-reply-label = Reply to the customer
thr-internal-check = Internal note (not sent to the customer)
thr-reply-hint = A reply is e-mailed to the customer with the complaint reference and a link to their conversation page.
thr-send = Send
thr-link = Link to the customer's conversation page
thr-make-link = Issue a conversation link to hand over
thr-who-customer = Customer
thr-who-system = Sent automatically
thr-via-web-form = web form
thr-via-email = e-mail
thr-via-phone = phone
thr-via-chat = chat
thr-via-in-person = in person
thr-via-api = API
thr-via-post = post
thr-via-public = conversation page
thr-via-page = staff page
thr-you = You
thr-who-team = Customer care
thr-public-title = Your complaint
thr-reference = Reference
thr-public-sent = Thank you, your message has reached us.
thr-public-follow = You can follow your complaint and write to us on its page (keep this link):
thr-public-reply = Write to us
cmp-message-complaint-reply = Reply
actor-customer-public = The customer (conversation page)
actor-customer-email = The customer (e-mail)
msg-message-title = Message as sent
msg-col-subject = Subject
msg-open = Open
msg-history = Delivery
complaint-reply-subject = Re: { $subject } { $tag }
complaint-reply-body = Dear { $name },

    { $body }

    { $agent }

    You can answer this e-mail, or write to us on your complaint's page: { $link }
    Reference: { $reference }
