## The complaint page's workflow step indicator (complaints/pages/steps.rs)
cmp-wf-steps = 处理步骤
cmp-wf-done = 已完成
cmp-wf-step-acknowledge = 确认受理
cmp-wf-step-listen = 倾听
cmp-wf-step-confirm-demand = 确认诉求
cmp-wf-step-resolve = 解决
cmp-wf-step-follow-up = 回访
cmp-wf-step-close = 结案
