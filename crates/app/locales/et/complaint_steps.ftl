## The complaint page's workflow step indicator (complaints/pages/steps.rs)
cmp-wf-steps = Töövoo sammud
cmp-wf-done = tehtud
cmp-wf-step-acknowledge = Kinnita kättesaamist
cmp-wf-step-listen = Kuula ära
cmp-wf-step-confirm-demand = Kinnita nõue
cmp-wf-step-resolve = Lahenda
cmp-wf-step-follow-up = Tee järelkontroll
cmp-wf-step-close = Sulge
