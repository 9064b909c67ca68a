# 外发消息（面向客户的电子邮件）及消息页面。
# 面向客户的模板：<template>-subject 与 <template>-body。

msg-generic-subject = { $subject }
msg-generic-body = { $body }

msg-test-subject = Carewell 测试消息
msg-test-body =
    您好：

    这是一封来自 Carewell 的测试邮件。如果您能看到它，说明外发邮件工作正常。

    发送人：{ $sender }。

msg-care-checkin-subject = { $name }，近来一切可好？
msg-care-checkin-body =
    尊敬的 { $name }：

    我们有一段时间没有联系了。有什么我们可以为您做的吗？
    直接回复这封邮件即可，会有专人阅读。

    此致敬礼
    { $agent }

msg-offboarding-notice-subject = 关于您账户的通知
msg-offboarding-notice-body =
    尊敬的 { $name }：

    特此正式通知您，我们对您的服务将于 { $end_date } 终止。
    您可以在此阅读完整通知并下载您的数据：{ $link }

    此致敬礼
    { $agent }

# 投递日志与设置页面。
msg-log-title = 消息
msg-log-sub = { $name } 的投递日志
msg-back-customer = 返回客户
msg-col-created = 创建时间
msg-col-channel = 渠道
msg-col-class = 类别
msg-col-event = 事件
msg-col-recipient = 收件方
msg-col-status = 状态
msg-col-reason = 原因
msg-col-attempts = 尝试次数
msg-col-sent = 发送时间
msg-retry = 重试
msg-content-pruned = 内容已于 { $date } 删除（保留期满）
msg-none = 暂无消息。
msg-status-queued = 排队中
msg-status-sending = 发送中
msg-status-sent = 已发送
msg-status-failed = 失败，将重试
msg-status-deferred = 已推迟
msg-status-dropped = 已放弃
msg-status-dead = 已失效
msg-settings-title = 消息设置
msg-smtp = 电子邮件（SMTP）
msg-smtp-host = 主机
msg-smtp-port = 端口
msg-smtp-tls = TLS
msg-smtp-user = 用户
msg-smtp-password = 密码
msg-smtp-off = 未配置：邮件将在发件箱中等待。
msg-from = 发件人
msg-rules = 尊重客户
msg-cap = 频率上限
msg-cap-value = 每个渠道 { $days } 天内最多 { $n } 条消息
msg-quiet = 免打扰时段（客户当地时间）
msg-endpoints = Webhook 端点
msg-endpoints-none = 暂无：事件不会发送到任何地方。
msg-endpoint-url = URL
msg-endpoint-events = 事件类型（不勾选表示全部）
msg-endpoint-description = 说明
msg-endpoint-add = 添加端点
msg-endpoint-disable = 停用
msg-endpoint-enable = 启用
msg-endpoint-active = 已启用
msg-endpoint-inactive = 已停用
msg-secret-once = 签名密钥——请立即复制，之后不会再次显示：
msg-test = 发送测试邮件
msg-test-to = 收件人
msg-test-send = 发送
msg-test-queued = 测试消息已加入队列。

## Integration event catalogue (webhook endpoint form)
msg-evt-all = 全部事件（包括以后新增的）
msg-evt-customer-created = 客户已创建
msg-evt-customer-updated = 客户已更新
msg-evt-customer-deleted = 客户已删除
msg-evt-complaint-created = 投诉已提交
msg-evt-complaint-status-changed = 投诉状态已变更
msg-evt-complaint-sla-breached = 投诉超出服务时限
msg-evt-compensation-created = 补偿已登记
msg-evt-compensation-decided = 补偿已批准或驳回
msg-evt-offboarding-opened = 离网流程已开启
msg-evt-offboarding-notice-sent = 离网通知已发送
msg-evt-offboarding-closed = 离网流程已结束
msg-evt-offboarding-erased = 离网数据已删除
msg-evt-client-fit-decided = 客户适配决定已记录
msg-test-queued-smtp-off = 测试消息已加入队列。邮件尚未配置（没有 SMTP 主机），消息会在发件箱中等待，配置 SMTP 后立即发出。
msg-endpoint-deliveries = 投递情况
msg-endpoint-never = 尚无投递
msg-endpoint-last = 最近：{ $status }，{ $at }
msg-endpoint-failures = 7 天内失败 { $n } 次
msg-endpoint-failing = 投递失败
