# 客户告别：告别信（offb-letter-*）、日期与金额、员工页面（offb-*）以及客户专属页面（offb-public-*）。

## 信件与客户页面中的日期和金额

offb-date = { $year }年{ $month }月{ $day }日
offb-month-1 = 1
offb-month-2 = 2
offb-month-3 = 3
offb-month-4 = 4
offb-month-5 = 5
offb-month-6 = 6
offb-month-7 = 7
offb-month-8 = 8
offb-month-9 = 9
offb-month-10 = 10
offb-month-11 = 11
offb-month-12 = 12

## 告别信

offb-letter-subject = 关于您在{ $company }的账户：我们的决定及后续安排
offb-letter-thanks = 衷心感谢您选择{ $company }，也感谢您一直以来对我们的信任与支持。与您合作的这段时间，我们十分珍惜；在服务未尽如人意的时候，您也给予了我们耐心与理解。正如我们此前沟通时所说，现将我们的决定及后续安排以书面形式告知您。

offb-letter-situations = 我们所指的具体情况如下：
offb-letter-framing-trivial-complaints = 回顾最近几个月，我们多次未能达到您对我们的期望。
offb-letter-framing-trivial-complaints-after = 每一次我们都尽力弥补，但显然，我们无法为您提供您所期待的服务体验。
offb-letter-framing-staff-abuse = 最近，您与我们团队之间的几次沟通让双方都感到不太顺畅。
offb-letter-framing-staff-abuse-after = 我们认为自己难以为您提供您应得的合作关系，因此，结束合作对双方而言都更为公平。
offb-letter-framing-no-more-business = 随着时间推移，您的需求已经超出了我们服务所能覆盖的范围。
offb-letter-framing-no-more-business-after = 我们认为，对于您今后的发展方向，我们已不再是最合适的合作伙伴。
offb-letter-framing-no-referrals = 在认真回顾双方的合作之后，我们认为我们的服务已不再适合您当前的需求。
offb-letter-framing-no-referrals-after = 与其让服务质量逐渐下滑，我们更希望坦诚地告诉您这一点。
offb-letter-framing-unprofitable = 经过对现有服务的全面评估，我们已无法以对双方都合理的条件继续为您提供服务。
offb-letter-framing-unprofitable-after = 我们不希望降低您所获得的服务质量，因此决定有序地结束这项服务。
offb-letter-framing-unethical-requests = 您提出的部分要求超出了我们的政策和法律法规所允许的范围。
offb-letter-framing-unethical-requests-after = 我们理解这并不是您希望得到的答复，但这一点我们无法改变。
offb-letter-framing-mission-fit = 我们公司正在调整业务重心，您目前使用的服务已不再符合我们今后的发展方向。
offb-letter-framing-mission-fit-after = 这是基于我们自身方向的决定，与您个人无关。
offb-letter-framing-policy-change = 由于我们的政策发生变化，您的服务已无法以目前的形式继续提供。
offb-letter-framing-policy-change-after = 我们已制定了以下安排，尽可能让这一变化对您的影响降到最低。
offb-letter-framing-compliance = 根据我们必须遵守的法律和监管要求，我们需要结束与您的服务关系。
offb-letter-framing-compliance-after = 这是我们必须履行的义务，我们已审慎地安排了以下各项步骤。
offb-letter-framing-product-sunset = 您正在使用的产品即将停止运营，今后将不再提供。
offb-letter-framing-product-sunset-after = 我们已做好以下安排，确保您的数据和权益在此过程中不受损失。
offb-letter-framing-customer-request = 您已告知我们希望注销账户，我们尊重您的决定。
offb-letter-framing-customer-request-after = 这些情况我们都已认真记录，它们将帮助我们不断改进。
offb-letter-framing-other = 经过慎重考虑，我们决定结束对您的服务。
offb-letter-framing-other-after = 这一决定并非轻易做出。

offb-letter-goodwill-refund = 为表达我们的诚意，我们将全额退还您最近一期账单的费用，共计 { $amount }。一段未能让您满意的服务经历，不应由您来买单。退款将原路退回至您的付款账户，您无需进行任何操作。
offb-letter-goodwill-none = 服务结束时，如果您的账户仍有未结清的款项，我们将尽可能以对您有利的方式公平处理，并向您详细说明处理结果。

offb-letter-apology = 我们一直希望自己的服务能够适合每一位客户，但这一次我们没有做到，对此我们深表歉意。由此给您带来的不便，也敬请谅解。

offb-letter-alternatives-intro = 为了让您的业务不受影响，您可以考虑以下服务商，其中或许有适合您的选择：
offb-letter-alternatives-outro = 如有需要，我们很乐意配合您的新服务商，协助您顺利完成迁移。祝您一切顺利！
offb-letter-alternatives-none = 如果您需要其他服务商的推荐，请直接回复本信，我们很乐意协助您顺利完成迁移。祝您一切顺利！

## 通过发件箱发送的告别邮件（参数来自存储层：五个部分合并为 $letter，日期格式为 YYYY-MM-DD，客户页面为 $link）

offb-letter-body = 尊敬的{ $name }：

    { $letter }

    后续安排：
    – 您的服务将持续到 { $service_end }；
    – 在 { $support_end } 之前，我们的客服团队将继续为您提供支持；
    – 在 { $export_until } 之前，您可以随时下载您的全部数据副本；
    – 我们将于 { $deletion_date } 删除您的个人数据，法律规定必须保留的记录除外。

    在您的专属页面上，您可以再次查阅本通知、下载您的数据，并告诉我们哪些方面本可以做得更好：{ $link }

    此致
    敬礼
    { $company }

## 员工页面

offb-title = 客户告别
offb-case = 告别案例
offb-open = 发起告别流程
offb-reports = 告别报告
offb-any = 全部
offb-apply = 筛选
offb-none = 没有符合条件的告别案例。
offb-how-to-open = 请在客户页面上发起告别流程。
offb-filter-active = 进行中（未删除、未取消）
offb-field-customer = 客户
offb-field-reason = 原因
offb-field-reason-note = 关于原因的内部备注
offb-field-initiator = 发起方
offb-field-status = 状态
offb-field-opened = 发起时间
offb-field-contract-type = 合同类型
offb-field-service_end = 服务结束日期
offb-field-support_end = 支持结束日期
offb-field-export_until = 数据导出截止日期
offb-field-deletion_date = 数据删除日期
offb-field-notice_date = 通知日期
offb-field-exception_basis = 例外情况的法律依据
offb-field-summary = 沟通摘要
offb-field-situations = 有记录的具体情况
offb-field-amount = 金额
offb-field-currency = 币种
offb-field-action = 步骤
offb-field-letter = 信件
offb-cancel-form = 取消
offb-initiator-company = 我方公司
offb-initiator-customer = 客户
offb-reason-trivial-complaints = 经常因琐事投诉
offb-reason-staff-abuse = 对员工恶语相向
offb-reason-no-more-business = 已无更多业务往来
offb-reason-no-referrals = 从不推荐新客户
offb-reason-unprofitable = 无利可图
offb-reason-unethical-requests = 提出不道德的要求
offb-reason-mission-fit = 不再符合我们的使命
offb-reason-policy-change = 政策调整
offb-reason-compliance = 法律或监管义务
offb-reason-product-sunset = 产品停止运营
offb-reason-customer-request = 客户主动要求离开
offb-status-open = 已发起——待审批
offb-status-approved = 已审批——请联系客户
offb-status-contacted = 已沟通——可发送告别信
offb-status-notified = 已发出书面通知
offb-status-closed = 账户已关闭
offb-status-erased = 数据已删除
offb-status-cancelled = 已取消
offb-situations = 有记录的具体情况
offb-situations-help = 勾选促成这一决定的投诉和沟通记录，告别信将引用这些内容。
offb-situation-complaint = 投诉
offb-situation-interaction = 沟通记录
offb-timeline = 时间安排
offb-date-notice_date = 通知日期
offb-date-service_end = 服务结束
offb-date-support_end = 支持结束
offb-date-export_until = 数据导出截止
offb-date-deletion_date = 数据删除
offb-rule = 最短通知期（{ $jurisdiction }）：{ $period }——{ $basis }
offb-period-days = { $days } 天
offb-period-months = { $months } 个月
offb-period-both = { $months } 个月零 { $days } 天
offb-notice-ok = 符合通知期要求
offb-exception = 依例外情况缩短
offb-notice-days = 通知天数
offb-earliest = 最早可结束服务日期
offb-exception-basis = 例外情况：法律依据
offb-exception-help = 仅在需要缩短最短通知期时填写，例如具体法律及条款
offb-plan-save = 检查并保存时间安排
offb-err-notice-short = 该安排给予客户的通知期短于其应享有的期限：{ $period }（{ $jurisdiction }；{ $basis }）。服务最早只能在 { $earliest } 结束。请推迟服务结束日期（及其后的日期），或填写例外情况及其法律依据。
offb-err-contact-first = 目前还不能发送告别信：书面通知必须在与客户直接沟通之后发出。请先记录与客户的电话或会面；您的草稿已保存。
offb-steps = 步骤
offb-step-approved = 经理已审批方案
offb-step-contact = 已记录直接沟通（电话或会面）
offb-step-letter-sent = 告别信已编辑并发送
offb-step-goodwill = 已登记善意补偿
offb-step-closed = 账户已关闭
offb-step-follow-ups = 已安排回访（+30 天和 +90 天）
offb-step-erased = 个人数据已删除
offb-approve = 审批方案
offb-contact-kind = 沟通方式
offb-contact-summary = 沟通内容
offb-contact-log = 记录直接沟通
offb-close = 关闭账户
offb-close-help = 关闭账户后，系统将安排回访，并在删除日期删除数据。
offb-cancel = 取消案例
offb-cancel-reason = 客户留下的原因
offb-impact = 对账户的影响
offb-impact-balances = 净付款额
offb-impact-revenue = 近 12 个月收入
offb-impact-refunds-due = 应付退款与抵扣
offb-impact-refunds-pending = 待审批
offb-impact-last-invoice = 最近一期账单
offb-impact-contracts = 仍在履行的合同
offb-impact-complaints = 未结投诉
offb-goodwill = 善意补偿
offb-goodwill-book = 登记退款
offb-goodwill-default-reason = 作为善意表示，退还最近一期账单费用
offb-letter = 告别信
offb-letter-sent = 已发送
offb-letter-language = 语言
offb-part-thanks = 致谢
offb-part-framing = 说明
offb-part-goodwill = 善意
offb-part-apology = 致歉
offb-part-alternatives = 替代方案
offb-part-thanks-help = 感谢双方共同度过的时光
offb-part-framing-help = 结合有记录的具体情况说明决定，切勿评判客户本人
offb-part-goodwill-help = 为好聚好散我们所做的事
offb-part-apology-help = 对合作未能延续表示歉意
offb-part-alternatives-help = 客户接下来可以选择的去处
offb-letter-save = 保存草稿
offb-letter-reset = 恢复默认文本
offb-letter-send = 发送告别信
offb-letter-preview = 预览（客户收到的样子）
offb-letter-default-note = 这是以客户语言生成的建议文本；请修改后保存或发送。
offb-link-placeholder = [您的专属页面链接]
offb-customer-page = 客户专属页面
offb-link-once = 请立即复制此链接；它只显示一次，并会使之前的链接失效：
offb-copy = 复制
offb-link-issued = 链接签发时间
offb-link-none = 尚未签发链接；发送告别信时会自动签发。
offb-link-issue = 签发新链接
offb-survey = 离别问卷
offb-survey-none = 尚无回复。
offb-history = 历史记录
offb-event-opened = 已发起
offb-event-plan-changed = 时间安排已修改
offb-event-approved = 已审批
offb-event-contact = 直接沟通
offb-event-letter-saved = 告别信已保存
offb-event-letter-sent = 告别信已发送
offb-event-goodwill = 已登记善意补偿
offb-event-closed = 账户已关闭
offb-event-erased = 数据已删除
offb-event-hold-released = 保留记录已删除
offb-event-cancelled = 已取消
offb-event-survey = 客户已填写离别问卷
offb-event-link-issued = 已签发链接
offb-certificate = 数据删除证明
offb-certificate-none = 尚未执行删除；个人数据删除后将在此显示证明。
offb-certificate-verified = 哈希校验通过
offb-certificate-broken = 哈希不匹配
offb-certificate-actor = 执行者
offb-certificate-erased = 已删除
offb-certificate-kept = 依法保留
offb-holds = 保留期限
offb-report-from = 开始日期
offb-report-to = 结束日期
offb-report-csv = 下载 CSV
offb-report-reasons = 原因
offb-report-outcomes = 结果
offb-report-cases = 案例数
offb-report-revenue = 流失收入（各案例发起前 12 个月）

## 客户专属页面

offb-public-title = 您的账户：后续安排
offb-public-intro = 尊敬的{ $name }，本页汇总了我们写给您的信件内容。您可以在这里核对各项日期、下载您的全部数据副本；如您愿意，也欢迎告诉我们{ $company }哪些方面本可以做得更好。
offb-public-letter = 我们写给您的信
offb-public-timeline = 时间安排
offb-public-notice_date = 通知日期
offb-public-service_end = 服务结束日期
offb-public-support_end = 客服支持截止日期
offb-public-export_until = 数据下载截止日期
offb-public-deletion_date = 个人数据删除日期
offb-public-data = 您的数据
offb-public-data-intro = 我们保存的关于您的全部数据，均可下载。下载截止日期：
offb-public-download-json = 下载全部数据（JSON）
offb-public-csv = 或下载表格文件（CSV）：
offb-public-csv-transactions = 付款记录
offb-public-csv-contracts = 合同
offb-public-csv-ledger = 退款与抵扣
offb-public-csv-interactions = 沟通记录
offb-public-csv-complaints = 投诉
offb-public-data-closed = 下载期限已过。如您仍需数据副本，请回复我们的来信。
offb-public-feedback = 您的反馈
offb-public-feedback-intro = 您的意见对我们非常重要，每一条回复都会由我们的团队认真阅读。
offb-public-why = 您离开的原因是什么？
offb-public-kept = 怎样做才能让您留下？
offb-public-comment = 其他想告诉我们的话
offb-public-rating = 您如何评价我们的合作（1–5 分）？
offb-public-send = 提交
offb-public-thanks = 感谢您的反馈，祝您一切顺利！
offb-public-err-why = 请简单告诉我们您离开的原因。
offb-public-err-rating = 请选择 1 到 5 分，或不评分。
offb-public-err-long = 每项回答请不要超过 5000 个字符。
offb-public-err-answered = 您已经提交过反馈，谢谢！

# Rules page (/offboarding/settings): minimum notice and retention.
offb-set-title = 通知期与保留规则
offb-set-sub = 客户有权获得的最短通知期，以及账户关闭后保留哪些记录。
offb-set-saved = 规则已保存。
offb-set-notice = 最短通知期
offb-set-notice-help = 适用最具体的规则：先看客户所在国家，其次是 EU，最后是 default；针对合同类型的规则优先于默认规则。
offb-set-notice-add = 添加或修改通知期规则
offb-set-notice-read-only = 只有管理员可以修改通知期规则。
offb-set-jurisdiction-help = 两个字母的国家代码、EU 或 default
offb-set-contract-help = 例如 payment-account、subscription；留空表示 default
offb-set-period = 最短通知期
offb-set-change = 修改
offb-set-save = 保存规则
offb-set-remove = 删除规则
offb-set-retention = 保留规则
offb-set-retention-help = 这些类型的记录在业务关系结束后按此法律依据保留指定天数，期间只有合规人员可以查看。
offb-set-retention-add = 添加或修改保留规则
offb-set-retention-read-only = 只有合规人员和管理员可以修改保留规则。
offb-set-years = 约 { $years } 年
offb-set-field-jurisdiction = 司法管辖区
offb-set-field-contract_type = 合同类型
offb-set-field-min_months = 月数
offb-set-field-min_days = 天数
offb-set-field-basis = 依据
offb-set-field-category = 类别
offb-set-field-tables = 保留的记录
offb-set-field-keep_days = 保留天数
offb-set-field-legal_basis = 法律依据
offb-set-table-transactions = 交易
offb-set-table-contracts = 合同
offb-set-table-ledger_entries = 退款和抵扣（账目）
offb-set-err-number = { $field }：“{ $value }”不是整数。
offb-set-err-gone = 该规则已不存在。
offb-task-days = 告别后 { $n } 天
offb-report-revenue-restricted = 有 { $n } 个案例的收入未计入：客户的记录处于保留期，仅合规人员可查看。
offb-public-download-zip = 下载我的全部数据（ZIP）
offb-public-zip-holds = 一个文件，包含 JSON 格式的全部数据和表格文件（CSV）：

## The customer page's offboarding banner and the hard delete
offb-banner-open = 正在与该客户办理告别流程。
offb-banner-closed = 该客户的账户已在告别流程中关闭。
offb-banner-link = 打开告别案例
offb-banner-erasure = 个人数据通过告别案例中的合规删除流程移除（遵守保留期要求），而不是直接删除客户。
delete-has-case = 该客户有告别案例，因此不能直接删除。
delete-to-erasure = 前往案例的数据删除
