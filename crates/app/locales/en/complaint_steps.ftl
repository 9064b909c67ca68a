## The complaint page's workflow step indicator (complaints/pages/steps.rs)
cmp-wf-steps = Workflow steps
cmp-wf-done = done
cmp-wf-step-acknowledge = Acknowledge
cmp-wf-step-listen = Listen
cmp-wf-step-confirm-demand = Confirm demand
cmp-wf-step-resolve = Resolve
cmp-wf-step-follow-up = Follow up
cmp-wf-step-close = Close
