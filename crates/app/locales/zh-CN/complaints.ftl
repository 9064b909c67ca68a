# Complaints: staff pages, the public form, and customer-facing messages (complaint-*).

cmp-title = 投诉
cmp-new = 新建投诉
cmp-reports = 投诉报告
cmp-search = 搜索
cmp-any = 全部
cmp-apply = 应用
cmp-none = 没有符合条件的投诉。
cmp-filter-open = 未关闭
cmp-field-subject = 主题
cmp-field-customer = 客户
cmp-field-severity = 严重程度
cmp-field-category = 类别
cmp-field-channel = 渠道
cmp-field-status = 状态
cmp-field-sla = 服务时限
cmp-field-received = 接收时间
cmp-field-description = 描述
cmp-field-owner = 负责人
cmp-save = 记录投诉
cmp-cancel = 取消
cmp-escalated = 已升级
cmp-next = 下一步
cmp-sla-first-response = 首次响应
cmp-sla-resolution = 解决
cmp-sla-overall = 总体
cmp-sla-due = 截止
cmp-sla-paused = 已暂停
cmp-sla-warning = 已过75%
cmp-sla-active = 进行中
cmp-sla-met = 达标
cmp-sla-missed = 未达标
cmp-compensation = 补偿
cmp-total = 合计
cmp-ledger-kind = 类型
cmp-amount = 金额
cmp-currency = 货币
cmp-reason = 原因
cmp-approval = 审批
cmp-approve = 批准
cmp-reject = 拒绝
cmp-reverse = 冲销
cmp-reversed = 已冲销
cmp-book = 记账
cmp-history = 历史
cmp-tasks = 任务
cmp-links = 客户链接
cmp-form-link = 投诉表单
cmp-make-link = 生成客户投诉表单链接
cmp-satisfaction = 满意度
cmp-satisfaction-link = 满意度问题
cmp-links-once = 链接只向生成者显示一次；生成新链接后旧链接失效。
cmp-form-link-issued = 投诉表单链接生成于
cmp-renew-link = 生成新的投诉表单链接
cmp-make-satisfaction-link = 生成满意度链接以转交客户
cmp-satisfaction-question = 您对我们处理投诉的方式满意吗？
cmp-satisfaction-scale = 1 = 非常不满意，5 = 非常满意
cmp-satisfaction-comment = 还有其他想告诉我们的吗？
cmp-satisfaction-thanks = 感谢您的回答。
cmp-from = 从
cmp-to = 至
cmp-csv = 导出 CSV
cmp-median-first-response = 首次响应中位时间
cmp-median-resolution = 解决中位时间
cmp-repeat = 重复投诉客户
cmp-root-causes = 根本原因
cmp-public-title = 告诉我们出了什么问题
cmp-public-intro = 我们会认真阅读每一条投诉。请描述发生了什么以及您希望我们怎么做，我们会尽快回复。
cmp-public-what = 发生了什么？
cmp-public-urgent = 情况紧急
cmp-public-send = 发送
cmp-public-thanks = 谢谢——我们已收到您的投诉
cmp-public-thanks-body = 我们的团队成员会尽快与您联系。
cmp-public-reference = 参考编号
cmp-public-describe = 请描述发生了什么。
cmp-public-too-long = 描述请不要超过5000个字符。
cmp-public-choose-score = 请选择1到5之间的数字。
cmp-severity-critical = 紧急
cmp-severity-high = 高
cmp-severity-medium = 中
cmp-severity-low = 低
cmp-category-billing = 账单
cmp-category-service = 服务
cmp-category-product = 产品
cmp-category-staff = 员工
cmp-category-delivery = 配送
cmp-category-other = 其他
cmp-channel-web-form = 网页表单
cmp-channel-email = 电子邮件
cmp-channel-phone = 电话
cmp-channel-chat = 聊天
cmp-channel-in-person = 当面
cmp-channel-api = API
cmp-channel-post = 邮寄
cmp-status-new = 新建
cmp-status-acknowledged = 已确认收到
cmp-status-listening = 倾听中
cmp-status-demand-confirmed = 诉求已确认
cmp-status-resolving = 处理中
cmp-status-resolved = 已解决
cmp-status-followed-up = 已回访
cmp-status-closed = 已关闭
cmp-status-waiting-on-customer = 等待客户
cmp-action-acknowledge = 确认收到
cmp-action-listen = 开始倾听
cmp-action-confirm-demand = 确认诉求
cmp-action-start-resolving = 开始处理
cmp-action-resolve = 解决
cmp-action-follow-up = 已回访
cmp-action-close = 关闭
cmp-action-wait-on-customer = 等待客户
cmp-action-customer-responded = 客户已回复
cmp-action-reopen = 重新打开
cmp-action-escalate = 升级
cmp-input-note = 备注（可选）
cmp-input-demand = 用您自己的话复述客户的核心诉求
cmp-input-resolution = 采取了哪些措施
cmp-input-root_cause = 根本原因
cmp-input-reason = 原因
cmp-event-created = 已接收
cmp-event-acknowledge = 已确认收到
cmp-event-listen = 倾听中
cmp-event-confirm-demand = 诉求已确认
cmp-event-start-resolving = 处理中
cmp-event-resolve = 已解决
cmp-event-follow-up = 已回访
cmp-event-close = 已关闭
cmp-event-wait-on-customer = 等待客户
cmp-event-customer-responded = 客户已回复
cmp-event-reopen = 已重新打开
cmp-event-escalate = 已升级
cmp-event-assign = 已分配
cmp-event-message = 发送给客户的消息
cmp-event-satisfaction = 满意度回答
cmp-event-sla-warning = 时限预警
cmp-event-sla-breach = 时限超时
cmp-ledger-credit = 抵扣额度
cmp-ledger-refund = 退款
cmp-ledger-coupon = 优惠券
cmp-ledger-waived-invoice = 免除发票
cmp-ledger-reversal = 冲销
cmp-approval-not-required = 无需审批
cmp-approval-pending = 待审批
cmp-approval-approved = 已批准
cmp-approval-rejected = 已拒绝
cmp-task-follow-up-visit = 回访
cmp-task-sla-warning = 时限预警
cmp-task-sla-breach = 时限超时
cmp-task-escalation = 升级
cmp-task-offboarding-follow-up = 离网回访
cmp-message-complaint-acknowledged = 确认收到通知
cmp-message-complaint-demand-confirmed = 我们对您诉求的理解
cmp-message-complaint-waiting = 需要您提供信息
cmp-message-complaint-resolved = 解决通知
cmp-message-complaint-reopened = 重新打开通知
cmp-message-complaint-satisfaction = 满意度问题
cmp-message-complaint-closed = 关闭通知
complaint-acknowledged-subject = 我们已收到您的投诉：{ $subject }
complaint-acknowledged-body = 尊敬的 { $name }：
    感谢您告诉我们，给您带来不便我们深表歉意。{ $agent } 正在处理您的投诉，会尽快与您联系。
    参考编号：{ $reference }
complaint-demand-confirmed-subject = 我们对您诉求的理解
complaint-demand-confirmed-body = 尊敬的 { $name }：
    为确认我们正确理解了您的诉求：{ $demand }
    我们正在处理中。
complaint-waiting-subject = 需要您提供信息
complaint-waiting-body = 尊敬的 { $name }：
    为继续处理您的投诉，我们需要：{ $note }
    您可以直接回复此邮件，或在您的投诉页面给我们留言：{ $link }
complaint-resolved-subject = 您的投诉已解决
complaint-resolved-body = 尊敬的 { $name }：
    我们采取的措施：{ $resolution }
    几天后我们会与您确认一切正常。
complaint-reopened-subject = 我们已重新打开您的投诉
complaint-reopened-body = 尊敬的 { $name }：
    我们已重新打开您的投诉，会尽快与您联系。
complaint-satisfaction-subject = 我们做得怎么样？
complaint-satisfaction-body = 尊敬的 { $name }：
    一个简短的问题：您对我们处理投诉的方式满意吗？{ $link }
complaint-closed-subject = 您的投诉已关闭
complaint-closed-body = 尊敬的 { $name }：
    您的投诉已关闭。感谢您的耐心。
cmp-task-done = 完成
cmp-assign = 分配
cmp-pending-approvals = 待审批的补偿
cmp-queue = 经理队列
# 关于 SLA 检查点的内部员工邮件。
complaint-staff-sla-warning-subject = SLA 预警（{ $target }）：{ $subject }
complaint-staff-sla-warning-body = { $name }，您好：
    来自 { $customer } 的投诉“{ $subject }”（参考编号 { $reference }）的 { $target } 目标时间已过去 { $percent }%。
    { $link }
complaint-staff-sla-breach-subject = SLA 已超时（{ $target }）：{ $subject }
complaint-staff-sla-breach-body = { $name }，您好：
    来自 { $customer } 的投诉“{ $subject }”（参考编号 { $reference }）未能达到 { $target } 目标，已升级处理。
    { $link }
# 客户时间线上的投诉条目。
timeline-complaint = 投诉
timeline-compensation = 补偿
cmp-set-severity = 更改严重程度
cmp-event-severity = 严重程度已更改

# SLA 策略页面（/complaints/sla）。
sla-title = SLA 策略
sla-intro = 各严重程度的首次响应和解决时限，按工作时间计算。
sla-business-hours = 工作时间
sla-business-note = 计时只在工作时间内进行（全天候策略除外），等待客户回复时暂停。修改会应用到该严重程度下所有未结投诉的截止时间。
sla-holidays = 休息日
sla-saved = SLA 策略已保存。
sla-edit = 修改
sla-save = 保存策略
sla-first-response-minutes = 首次响应时限（分钟）
sla-resolution-minutes = 解决时限（分钟）
sla-utc-offset = UTC 时差（分钟，例如 480 = UTC+8）
sla-always-open = 全天候（24/7）
sla-open-days = 工作日
sla-opens = 开始时间（HH:MM）
sla-closes = 结束时间（HH:MM，24:00 = 午夜）
sla-open-minute = { sla-opens }
sla-close-minute = { sla-closes }
sla-utc-offset-minutes = { sla-utc-offset }
sla-hours = { $n } 小时
sla-minutes = { $n } 分钟
sla-day-0 = 周一
sla-day-1 = 周二
sla-day-2 = 周三
sla-day-3 = 周四
sla-day-4 = 周五
sla-day-5 = 周六
sla-day-6 = 周日
cmp-task-level = 第 { $n } 级

# 投诉队列：负责人、SLA 截止时间和客户最近留言列，负责人与即将超时筛选。
cmp-field-sla-due = SLA 截止
cmp-field-last-customer = 客户最近留言
cmp-unassigned = 未分配
cmp-owner-any = 任何人
cmp-owner-me = 分配给我
cmp-owner-none = 未分配
cmp-filter-breaching = 1 小时内超时
cmp-due-breached = 已超时
cmp-due-warning = 即将到期
cmp-large-title = 这是一笔大额款项——请确认
cmp-large-text = { $amount } 超过 { $threshold }。继续之前请核对金额和币种。
cmp-large-book = 确认登记 { $amount }
cmp-large-approve = 确认批准 { $amount }
cmp-large-cancel = 不，返回修改
