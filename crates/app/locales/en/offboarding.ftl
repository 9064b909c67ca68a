# Offboarding: the farewell letter (offb-letter-*), dates and amounts, staff pages (offb-*),
# and the customer's own page (offb-public-*).

## Dates and amounts in letters and on the customer's page

offb-date = { $day } { $month } { $year }
offb-month-1 = January
offb-month-2 = February
offb-month-3 = March
offb-month-4 = April
offb-month-5 = May
offb-month-6 = June
offb-month-7 = July
offb-month-8 = August
offb-month-9 = September
offb-month-10 = October
offb-month-11 = November
offb-month-12 = December
offb-decimal-mark = .
offb-money = { $currency } { $amount }

## The farewell letter

offb-letter-subject = Your account with { $company }: our decision and what happens next
offb-letter-greeting = Dear { $name },
offb-letter-thanks = Thank you for choosing { $company } and for the trust you have placed in us. We are grateful for the time we have worked together, and for your patience whenever things did not go as planned. As we said when we spoke, we want to set out in writing what we decided and what happens next.

offb-letter-situations = These are the occasions we have in mind:
offb-letter-framing-trivial-complaints = Looking back over recent months, we see that we have repeatedly fallen short of what you expect from us.
offb-letter-framing-trivial-complaints-after = Each time we tried to put things right, but it is clear that we are not able to give you the experience you are looking for.
offb-letter-framing-staff-abuse = Several recent conversations between you and our team have become difficult for everyone involved.
offb-letter-framing-staff-abuse-after = We do not believe we can give you the working relationship you deserve, and we think it is fairer to both sides to part ways.
offb-letter-framing-no-more-business = Over time your needs have grown in directions our service does not cover.
offb-letter-framing-no-more-business-after = We no longer believe we are the right partner for where you are heading.
offb-letter-framing-no-referrals = Having reviewed how we work together, we have concluded that our service is no longer the right fit for your needs.
offb-letter-framing-no-referrals-after = We would rather tell you this openly than let the service drift.
offb-letter-framing-unprofitable = Having reviewed the service we provide to you, we are no longer able to offer it on terms that work well for both sides.
offb-letter-framing-unprofitable-after = Rather than lower the quality you receive, we have decided to end the service in an orderly way.
offb-letter-framing-unethical-requests = Some of the things you have asked of us fall outside what we are able to do under our policies and the law.
offb-letter-framing-unethical-requests-after = We understand this is not the answer you hoped for, and we are not able to change it.
offb-letter-framing-mission-fit = Our company is changing its focus, and the service you use from us no longer fits where we are going.
offb-letter-framing-mission-fit-after = This is a decision about our direction, not about you.
offb-letter-framing-policy-change = A change in our policies means we can no longer continue your service in its current form.
offb-letter-framing-policy-change-after = We have planned the steps below so that the change is as smooth for you as we can make it.
offb-letter-framing-compliance = Our legal and regulatory obligations require us to end this service relationship.
offb-letter-framing-compliance-after = We are required to act on this, and we have planned the steps below with care.
offb-letter-framing-product-sunset = We are retiring the product you use, and it will no longer be available.
offb-letter-framing-product-sunset-after = We have planned the steps below so that nothing is lost along the way.
offb-letter-framing-customer-request = You told us you would like to close your account, and we respect your decision.
offb-letter-framing-customer-request-after = We have taken note of all of this, and it helps us improve.
offb-letter-framing-other = After careful consideration, we have decided to end our service to you.
offb-letter-framing-other-after = We have not taken this decision lightly.

offb-letter-goodwill-refund = As a gesture of goodwill, we will refund your last invoice of { $amount } in full. You should not have to pay for an experience that did not live up to what you expected. The refund goes back to your original payment method; you do not need to do anything.
offb-letter-goodwill-none = If anything is still open on your account when the service ends, we will settle it fairly and in your favour wherever we can, and we will tell you exactly how.

offb-letter-apology = We would like to believe our service suits everyone, but in your case it did not, and we are truly sorry for that. We also apologise for any inconvenience this change causes you.

offb-letter-alternatives-intro = So that you are not left without a service, you may want to look at these providers; one of them may suit you well:
offb-letter-alternatives-outro = If it helps, we will gladly work with your new provider to make the move easy. We wish you every success.
offb-letter-alternatives-none = If you would like suggestions for another provider, just reply to this letter and we will gladly help you make the move. We wish you every success.

offb-letter-next = What happens next:
offb-letter-service-end = your service continues until { $date };
offb-letter-support-end = our support team remains available to you until { $date };
offb-letter-export = you can download a complete copy of your data until { $date };
offb-letter-deletion = on { $date } we delete your personal data, except records the law requires us to keep.
offb-letter-page = On your own page you can read this notice again, download your data and tell us how we could have done better: { $link }

offb-letter-closing = With warm regards,
    { $sender }
    { $company }
