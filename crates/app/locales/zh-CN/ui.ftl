app-name = Carewell
nav-customers = 客户
nav-audit = 审计日志
nav-logout = 退出登录
nav-more = 更多
nav-language = 语言
login-title = 登录
login-email = 电子邮箱
login-password = 密码
login-submit = 登录
login-failed = 电子邮箱或密码不正确。
login-locked = 失败尝试次数过多，请在 { $n } 分钟后重试。
error-title = 出错了
error-back = 返回首页

## Customer list
customers-title = 客户
customers-new = 新建客户
customers-count = 共 { $n } 位客户
customers-count-capped = 超过 1,000 位客户
customers-none = 还没有客户。添加第一位客户，或导入 CSV 文件。
customers-none-match = 没有符合筛选条件的客户。
customers-none-page = 此页没有客户；请返回前面的页面。
customer-deleted = 已删除该客户及其全部历史记录。
filter-search = 搜索
filter-search-hint = 姓名、电子邮箱、电话、编号或标签
filter-any = 全部
filter-apply = 筛选
filter-clear = 清除
pager-label = 分页
pager-prev = 上一页
pager-next = 下一页
pager-first = 第一页
pager-newer = 较新
pager-older = 较早
pager-page = 第 { $page } 页，共 { $pages } 页
pager-page-only = 第 { $page } 页

## Fields
field-name = 名称
field-kind = 类型
field-stage = 阶段
field-segment = 客户分群
field-tag = 标签
field-tags = 标签
field-tags-hint = 用逗号分隔，例如 vip, b2b
field-language = 语言
field-language-hint = BCP 47 代码，例如 en、zh-CN、et
field-country = 国家/地区
field-country-hint = 两个字母，例如 CN
field-timezone = 时区
field-timezone-hint = 例如 Asia/Shanghai
field-email = 电子邮箱
field-phone = 电话
field-external-ref = 外部编号
field-external-ref-hint = 在其他系统中的编号（可选，唯一）
field-owner-id = 负责人
field-owner-none = 无负责人
field-birthday = 生日
field-anniversary = 纪念日
field-start-date = 开始日期
field-end-date = 结束日期
field-attributes = 自定义属性
field-attributes-hint = 每行一项：名称 = 值
field-created = 创建时间
field-updated = 最后修改
field-form = 记录
field-contact-role = 职务
field-interaction-kind = 联系方式
field-occurred-at = 时间（UTC）
field-sentiment = 客户情绪
field-summary = 摘要
field-summary-hint = 谈了什么、约定了什么、下一步做什么

## Enumerations
stage-onboarding = 新客入驻
stage-active = 活跃
stage-at-risk = 有流失风险
stage-leaving = 正在离开
stage-departed = 已离开
stage-won-back = 已挽回
kind-person = 个人
kind-organisation = 机构
channel-email = 电子邮件
channel-sms = 短信
channel-phone = 电话
channel-post = 邮寄
channel-push = 推送
consent-granted = 已同意
consent-refused = 已拒绝
consent-unknown = 未询问
interaction-call = 电话
interaction-meeting = 会面
interaction-email = 电子邮件
interaction-chat = 在线聊天
interaction-visit = 拜访
interaction-note = 备注
sentiment-positive = 积极
sentiment-neutral = 中立
sentiment-negative = 消极
renewal-auto = 自动续约
renewal-manual = 协商续约
renewal-none = 不续约
timeline-interaction = 互动
timeline-transaction = 交易
timeline-contract = 合同
timeline-usage = 使用

## Customer form
customer-new-title = 新建客户
customer-edit-title = 编辑 { $name }
form-has-errors = 请检查标出的字段。
form-save = 保存
form-cancel = 取消
section-identity = 基本信息
section-contact = 联系方式
section-relationship = 客户关系
section-care = 关怀日期
section-consent = 联系许可
section-attributes = 自定义属性
consent-hint = 勾选客户同意接收联系的渠道。取消勾选将记录为拒绝。

## Customer page
customer-edit = 编辑
customer-delete = 删除
section-profile = 客户资料
section-contacts = 联系人
section-timeline = 时间线
contacts-none = 还没有联系人。
contact-primary = 主要联系人
contact-remove = 移除
contact-add = 添加联系人
interaction-record = 记录一次互动
interaction-save = 添加到时间线
timeline-empty = 时间线上还没有内容。

## Delete
delete-title = 删除客户
delete-question = 删除 { $name } 及其全部历史记录？
delete-explain = 联系人、互动、交易、合同和使用记录也会一并删除。审计日志会保留删除记录。此操作无法撤销。
delete-confirm = 永久删除

## Audit log
audit-title = 审计日志
complaints-count = 共 { $n } 条投诉
complaints-count-capped = 超过 1,000 条投诉
offb-count = 共 { $n } 个案例
offb-count-capped = 超过 1,000 个案例
audit-count-capped = 超过 1,000 条记录
audit-count = 共 { $n } 条记录
audit-verified = 哈希链校验通过：全部 { $n } 条记录完整。
audit-broken = 哈希链在第 { $seq } 条记录处断裂：{ $reason }
audit-seq = #
audit-at = 时间
audit-actor = 操作人
audit-action = 操作
audit-entity = 对象类型
audit-entity-id = 对象 ID
audit-change = 查看变更
audit-before = 变更前
audit-after = 变更后

# Error pages: heading per HTTP status, and what to do
error-400 = 无法读取该请求
error-401 = 请先登录
error-403 = 您无权执行此操作
error-404 = 页面不存在
error-409 = 与当前状态冲突
error-422 = 部分内容需要修改
error-429 = 请求过于频繁
error-500 = 系统出错了
error-403-hint = 您的角色不允许访问此页面或执行此操作。如有需要，请联系管理员。
error-404-hint = 该页面或记录不存在，或已被删除。请检查链接。
error-429-hint = 请稍等一分钟后再试。
error-500-hint = 错误已记录。请重试；如果问题持续出现，请联系管理员。
error-technical = 技术细节
audit-none = 没有符合筛选条件的审计记录。

# Who did something, in history lines
actor-system = 系统
actor-customer = 客户
actor-customer-web-form = 客户（网页表单）

# Money: the amount (with this language's decimal mark) and the ISO currency code.
money-decimal-mark = .
money-group-mark = ,
money = { $amount } { $currency }
nav-skip = 跳到正文
error-404-hint-customer = 此链接没有对应的页面，或页面已被移除。请核对您收到的消息中的链接，或直接回复该消息。
error-429-hint-customer = 短时间内请求过多。请稍等一分钟后再试。

# 客户列表的队列列与负责人筛选。
customers-unassigned = 未分配
customers-last-contact = 最近联系
customers-open-complaints = 未结投诉
customers-value = 价值
customers-created = 创建时间
customers-owner-any = 任何人
customers-owner-me = 我的客户
customers-owner-none = 未分配
cust-duplicate-email = 已有使用此电子邮件的客户：
cust-duplicate-email-named = 已有使用此电子邮件的客户：{ $name }
cust-allow-duplicate = 仍然保存：这是使用同一电子邮件的另一位客户

# Labels of fields that errors name outside their own forms (API answers, shared messages).
field-attachments = 附件
field-body = 正文
field-comment = 评论
field-current = 当前密码
field-new = 新密码
field-password = 密码
field-customer-id = 客户
field-customer-ref = 客户编号
field-event = 事件
field-file = 文件
field-quantity = 数量
field-role = 角色
field-score = 评分
field-to = 至
field-url = 网址
field-value = 价值
field-received-at = 接收时间
field-resolved-at = 解决时间
field-created-at = 创建时间
field-held-until = 保留至
field-hourly-cost = 每小时成本
field-quiet-hours = 免打扰时段
field-message-id = 邮件 ID
field-time = 时间
field-at = 时间
field-confirm-large = 大额确认
field-large-amounts = 大额阈值
field-from = 自
